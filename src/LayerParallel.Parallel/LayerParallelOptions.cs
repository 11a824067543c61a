using LayerParallel.Mgrit;

namespace LayerParallel.Parallel;

/// <summary>Settings of the layer-parallel forward and adjoint MGRIT solves.</summary>
public sealed record LayerParallelOptions
{
    /// <summary>Forward MGRIT iterations at most (XBraid max_iter).</summary>
    public int ForwardIterations { get; init; } = 2;

    /// <summary>Adjoint MGRIT iterations at most.</summary>
    public int AdjointIterations { get; init; } = 2;

    /// <summary>Absolute forward residual tolerance; 0 runs exactly
    /// <see cref="ForwardIterations"/> iterations.</summary>
    public double ForwardTolerance { get; init; } = 1e-9;

    /// <summary>Absolute adjoint residual tolerance; 0 runs exactly
    /// <see cref="AdjointIterations"/> iterations.</summary>
    public double AdjointTolerance { get; init; } = 1e-9;

    /// <summary>Maximum number of MGRIT levels (1 = sequential propagation across ranks).</summary>
    public int MaxLevels { get; init; } = 10;

    /// <summary>Coarsening factor between levels.</summary>
    public int CFactor { get; init; } = 4;

    /// <summary>Number of FC sweeps after the first F-relaxation (1 = FCF).</summary>
    public int NRelax { get; init; } = 1;

    /// <summary>Skip the work of the first down-cycle (XBraid skip).</summary>
    public bool SkipFirstDownCycle { get; init; }

    /// <summary>
    /// Forward states kept for the adjoint: all points (fastest), or the finest C-points only,
    /// recomputing the others by stepping from the C-point before them (memory ÷ cf).
    /// </summary>
    public StorageMode ForwardStorage { get; init; } = StorageMode.AllPoints;

    /// <summary>Start each solve from the previous optimizer step's solution.</summary>
    public bool WarmRestart { get; init; } = true;

    /// <summary>
    /// Forward-only evaluations (validation, reported accuracies) propagate exactly: one level,
    /// that is sequential stepping passed from rank to rank, instead of inexact MGRIT.
    /// </summary>
    public bool ExactEvaluation { get; init; } = true;

    /// <summary>The settings of forward-only evaluations.</summary>
    internal LayerParallelOptions ForEvaluation() =>
        ExactEvaluation ? this with { MaxLevels = 1, ForwardIterations = 1 } : this;

    /// <summary>Options of one solve for a network with <paramref name="layers"/> layers.</summary>
    internal MgritOptions ToMgrit(int layers, double finalTime, bool adjoint, Partition partition) =>
        new()
        {
            Steps = layers,
            StopTime = finalTime,
            MaxLevels = MaxLevels,
            CFactor = CFactor,
            NRelax = NRelax,
            MinCoarse = 2,
            MaxIterations = adjoint ? AdjointIterations : ForwardIterations,
            Tolerance = adjoint ? AdjointTolerance : ForwardTolerance,
            ToleranceKind = ToleranceKind.Absolute,
            SkipFirstDownCycle = SkipFirstDownCycle,
            Partition = partition,
        };
}
