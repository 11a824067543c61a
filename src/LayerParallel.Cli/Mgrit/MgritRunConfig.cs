using LayerParallel.Core;
using LayerParallel.Mgrit;
using LayerParallel.Mgrit.Problems;

namespace LayerParallel.Cli.Mgrit;

/// <summary>
/// Every setting of one <c>layerparallel mgrit</c> run, per-problem defaults resolved (see
/// <see cref="MgritFlags"/>). Checked by <see cref="Validate"/>.
/// </summary>
public sealed record MgritRunConfig
{
    /// <summary>The test problem.</summary>
    public MgritProblemKind Problem { get; init; }

    /// <summary>Time steps N (points 0..N).</summary>
    public int Steps { get; init; }

    /// <summary>Final time T (the start is 0).</summary>
    public double StopTime { get; init; }

    /// <summary>Spatial nodes n of heat1d, boundaries included; null for dahlquist.</summary>
    public int? SpatialPoints { get; init; }

    /// <summary>Largest number of levels (XBraid max_levels).</summary>
    public int MaxLevels { get; init; }

    /// <summary>Smallest coarse grid, in intervals (XBraid min_coarse).</summary>
    public int MinCoarse { get; init; }

    /// <summary>Coarsening factor m.</summary>
    public int CFactor { get; init; }

    /// <summary>FC sweeps ν (0: F-relaxation, 1: FCF).</summary>
    public int NRelax { get; init; }

    /// <summary>C-relaxation weight w (XBraid CWt).</summary>
    public double CRelaxWeight { get; init; }

    /// <summary>Tolerance as given (before heat1d's ex-02 scaling).</summary>
    public double Tolerance { get; init; }

    /// <summary>Absolute or relative tolerance.</summary>
    public ToleranceKind ToleranceKind { get; init; }

    /// <summary>Temporal norm of the residual.</summary>
    public TemporalNorm TemporalNorm { get; init; }

    /// <summary>Most MGRIT iterations.</summary>
    public int MaxIterations { get; init; }

    /// <summary>Skip the work of the first down-cycle (XBraid skip 1).</summary>
    public bool Skip { get; init; }

    /// <summary>Which finest-level states the solver keeps (XBraid storage −1 or 0).</summary>
    public StorageMode Storage { get; init; }

    /// <summary>F-cycles (XBraid FMG) instead of V-cycles.</summary>
    public bool Fmg { get; init; }

    /// <summary>Growth of ‖r‖ over the first norm that counts as divergence.</summary>
    public double DivergenceFactor { get; init; }

    /// <summary>Initial guess at t &gt; 0: a constant, or null for seeded random values.</summary>
    public double? InitialGuess { get; init; }

    /// <summary>Seed of the random initial guess.</summary>
    public ulong Seed { get; init; }

    /// <summary>Measure the time inside the step callbacks.</summary>
    public bool TimeSteps { get; init; }

    /// <summary>Folder of history.csv and result.json, or null for none.</summary>
    public string? Output { get; init; }

    /// <summary>Also log to this file (rank r &gt; 0 to FILE.rankR).</summary>
    public string? LogFile { get; init; }

    /// <summary>Log at Debug level (per-rank timers).</summary>
    public bool Verbose { get; init; }

    /// <summary>
    /// The tolerance the solver compares with: heat1d with an absolute tolerance scales it as
    /// ex-02 does, tol / (√(T/(N − 1))·√(π/(n − 1))); otherwise the tolerance as given.
    /// </summary>
    public double StoppingTolerance =>
        Problem == MgritProblemKind.Heat1D && ToleranceKind == ToleranceKind.Absolute
            ? new XBraidHeat1DProblem(SpatialPoints!.Value).ScaleTolerance(Tolerance, Steps,
                StopTime)
            : Tolerance;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="InputException">A one-line message naming the flag.</exception>
    public void Validate()
    {
        Require(Steps >= 1, $"--nt must be at least 1, got {Steps}");
        Require(double.IsFinite(StopTime) && StopTime > 0,
            $"--tstop must be positive, got {StopTime}");
        Require(SpatialPoints is null or >= 3, $"--nx must be at least 3, got {SpatialPoints}");
        Require(MaxLevels is >= 1 and <= 64, $"--max-levels must be in 1..64, got {MaxLevels}");
        Require(MinCoarse >= 1, $"--min-coarse must be at least 1, got {MinCoarse}");
        Require(CFactor >= 2, $"--cf must be at least 2, got {CFactor}");
        Require(NRelax >= 0, $"--nu must be at least 0, got {NRelax}");
        Require(CRelaxWeight > 0, $"--cwt must be positive, got {CRelaxWeight}");
        Require(Tolerance > 0, $"--tol must be positive, got {Tolerance}");
        Require(MaxIterations >= 1, $"--max-iter must be at least 1, got {MaxIterations}");
        Require(DivergenceFactor > 1,
            $"--divergence-factor must be greater than 1, got {DivergenceFactor}");
    }

    /// <summary>Checks the rank count against the time grid, on every rank alike.</summary>
    /// <exception cref="InputException">More ranks than time points.</exception>
    public void CheckRanks(int ranks) => Require(ranks <= Steps + 1,
        $"{ranks} ranks but only {Steps + 1} time points (--nt {Steps}); "
        + $"use at most {Steps + 1} ranks");

    /// <summary>The solver's options for this run.</summary>
    public MgritOptions ToSolverOptions() => new()
    {
        Steps = Steps,
        StopTime = StopTime,
        MaxLevels = MaxLevels,
        MinCoarse = MinCoarse,
        CFactor = CFactor,
        NRelax = NRelax,
        CRelaxWeight = CRelaxWeight,
        MaxIterations = MaxIterations,
        Tolerance = StoppingTolerance,
        ToleranceKind = ToleranceKind,
        TemporalNorm = TemporalNorm,
        SkipFirstDownCycle = Skip,
        Cycle = Fmg ? CycleType.F : CycleType.V,
        Storage = Storage,
        DivergenceFactor = DivergenceFactor,
        TimeSteps = TimeSteps,
    };

    /// <summary>A new instance of the problem (one per rank).</summary>
    public ArrayStateProblem CreateProblem() => Problem switch
    {
        MgritProblemKind.Heat1D => new XBraidHeat1DProblem(SpatialPoints!.Value, InitialGuess,
            Seed),
        _ => new DahlquistProblem(initialGuess: InitialGuess!.Value),
    };

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InputException(message);
        }
    }
}
