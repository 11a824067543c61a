using LayerParallel.Core;

namespace LayerParallel.Mgrit;

/// <summary>
/// Settings of an MGRIT solve. Defaults are XBraid's (<c>braid_Init</c>): coarsening factor 2,
/// one FC sweep before restriction (FCF-relaxation), up to 30 levels, coarsening while the
/// coarse grid keeps at least 2 intervals, 100 iterations, relative tolerance 1e-9, two-norm
/// over the C-points, first down-cycle skipped, V-cycles.
/// </summary>
/// <remarks>
/// The time grid is <c>t_i = StartTime + (i / Steps)·(StopTime − StartTime)</c>, i = 0..Steps,
/// computed exactly as XBraid computes it, so a step sees the same <c>t</c> values bit for bit.
/// Every rank must pass equal options; the solver checks this collectively.
/// </remarks>
public sealed record MgritOptions
{
    private static readonly IReadOnlyDictionary<int, int> None = new Dictionary<int, int>();

    private static readonly IReadOnlyDictionary<int, double> NoWeights =
        new Dictionary<int, double>();

    /// <summary>
    /// Number of time steps N (points 0..N); for a network, the number of layers.
    /// </summary>
    public required int Steps { get; init; }

    /// <summary>Start time t_0.</summary>
    public double StartTime { get; init; }

    /// <summary>Final time T = t_N.</summary>
    public required double StopTime { get; init; }

    /// <summary>
    /// Upper bound on the number of levels, the finest included (XBraid max_levels).
    /// </summary>
    public int MaxLevels { get; init; } = 30;

    /// <summary>
    /// Coarsening stops before a grid would have fewer than this many intervals
    /// (XBraid min_coarse).
    /// </summary>
    public int MinCoarse { get; init; } = 2;

    /// <summary>
    /// Coarsening factor m on every level not listed in <see cref="LevelCFactors"/>.
    /// </summary>
    public int CFactor { get; init; } = 2;

    /// <summary>
    /// Coarsening factor per level (level → m), e.g. {0: 4} for XBraid's <c>-cf0 4</c>.
    /// </summary>
    public IReadOnlyDictionary<int, int> LevelCFactors { get; init; } = None;

    /// <summary>
    /// Number of FC sweeps before the F-sweep of restriction on every level not listed in
    /// <see cref="LevelNRelax"/>: 0 gives F-relaxation, 1 FCF-relaxation, ν gives F(CF)^ν.
    /// </summary>
    public int NRelax { get; init; } = 1;

    /// <summary>FC sweeps per level (level → ν), e.g. {0: 1} for XBraid's <c>-nu0 1</c>.</summary>
    public IReadOnlyDictionary<int, int> LevelNRelax { get; init; } = None;

    /// <summary>
    /// Weight w of C-relaxation on every level not listed in <see cref="LevelCRelaxWeights"/>
    /// (XBraid CWt): u_c ← (1 − w)·u_c + w·(Φ(u_{c−1}) + f_c). 1 is plain C-relaxation.
    /// </summary>
    /// <remarks>
    /// As in XBraid's <c>_braid_FCRelax</c>, the weight acts in the FC sweeps of relaxation only
    /// (not in the F-relaxation of restriction or interpolation), and never on the coarsest
    /// level, which is solved exactly. With w = 1 no extra operation is made, so the results
    /// are bit for bit those of plain C-relaxation.
    /// </remarks>
    public double CRelaxWeight { get; init; } = 1.0;

    /// <summary>C-relaxation weight per level (level → w), like XBraid's
    /// <c>braid_SetCRelaxWt(core, level, w)</c>.</summary>
    public IReadOnlyDictionary<int, double> LevelCRelaxWeights { get; init; } = NoWeights;

    /// <summary>Maximum number of MGRIT iterations (XBraid max_iter).</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Stopping tolerance, read as set by <see cref="ToleranceKind"/>.</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>
    /// Whether <see cref="Tolerance"/> is relative to the first residual or absolute.
    /// </summary>
    public ToleranceKind ToleranceKind { get; init; } = ToleranceKind.Relative;

    /// <summary>
    /// Skip all work on the first down-cycle: the initial guess is injected to every level and
    /// the first iteration starts with the coarsest solve (XBraid skip = 1). Its residual
    /// ‖r_0‖ is then not available.
    /// </summary>
    public bool SkipFirstDownCycle { get; init; } = true;

    /// <summary>
    /// The solve stops with <see cref="MgritStatus.Diverged"/> when ‖r_k‖ exceeds this factor
    /// times the first residual norm of the same <see cref="MgritSolver{TVector}.Solve"/> call
    /// (it always stops when ‖r_k‖ is NaN or infinite). <see cref="double.PositiveInfinity"/>
    /// turns the growth test off. Not in XBraid, which stops on NaN only.
    /// </summary>
    public double DivergenceFactor { get; init; } = 1e8;

    /// <summary>
    /// Measure the time spent in <see cref="IMgritProblem{TVector}.Step"/> per level
    /// (<see cref="MgritLevelTimes.StepSeconds"/>). Off by default: it reads the clock twice
    /// per step, which costs about 0.1 µs per step on some virtual machines.
    /// </summary>
    public bool TimeSteps { get; init; }

    /// <summary>V- or F-cycles.</summary>
    public CycleType Cycle { get; init; } = CycleType.V;

    /// <summary>V-cycles per level within an F-cycle (XBraid nfmg_Vcyc).</summary>
    public int FCycleVCycles { get; init; } = 1;

    /// <summary>How the C-point residual norms combine.</summary>
    public TemporalNorm TemporalNorm { get; init; } = TemporalNorm.Two;

    /// <summary>
    /// Which finest-level states are kept: C-points only (the default, XBraid storage −1) or
    /// all points (XBraid storage 0), which makes <see cref="MgritSolver{TVector}.Access"/>
    /// free of steps at the cost of one state per fine F-point.
    /// </summary>
    public StorageMode Storage { get; init; } = StorageMode.CPointsOnly;

    /// <summary>Ownership of the time points; null means <see cref="Partition.Block"/>.</summary>
    public Partition? Partition { get; init; }

    /// <summary>The coarsening factor on <paramref name="level"/>.</summary>
    public int CFactorAt(int level) => LevelCFactors.TryGetValue(level, out int m) ? m : CFactor;

    /// <summary>The number of FC sweeps on <paramref name="level"/>.</summary>
    public int NRelaxAt(int level) => LevelNRelax.TryGetValue(level, out int nu) ? nu : NRelax;

    /// <summary>The C-relaxation weight on <paramref name="level"/>.</summary>
    public double CRelaxWeightAt(int level) =>
        LevelCRelaxWeights.TryGetValue(level, out double w) ? w : CRelaxWeight;

    /// <summary>
    /// The time of fine point <paramref name="fineIndex"/>, as XBraid computes it.
    /// </summary>
    public double TimeAt(int fineIndex) =>
        StartTime + (((double)fineIndex / Steps) * (StopTime - StartTime));

    /// <summary>Checks every setting; <paramref name="ranks"/> is the communicator size.</summary>
    /// <exception cref="InputException">A setting is out of range.</exception>
    public void Validate(int ranks)
    {
        Require(Steps >= 1, $"Steps must be at least 1 (got {Steps})");
        Require(double.IsFinite(StartTime) && double.IsFinite(StopTime) && StopTime > StartTime,
            $"need finite StartTime < StopTime (got {StartTime}, {StopTime})");
        Require(MaxLevels is >= 1 and <= 64, $"MaxLevels must be in 1..64 (got {MaxLevels})");
        Require(MinCoarse >= 1, $"MinCoarse must be at least 1 (got {MinCoarse})");
        Require(MaxIterations >= 1, $"MaxIterations must be at least 1 (got {MaxIterations})");
        Require(Tolerance >= 0 && double.IsFinite(Tolerance),
            $"Tolerance must be finite and non-negative (got {Tolerance})");
        Require(DivergenceFactor > 1.0,
            $"DivergenceFactor must be greater than 1 (got {DivergenceFactor})");
        Require(FCycleVCycles >= 1, $"FCycleVCycles must be at least 1 (got {FCycleVCycles})");
        Require(
            Enum.IsDefined(Cycle) && Enum.IsDefined(ToleranceKind) && Enum.IsDefined(TemporalNorm)
                && Enum.IsDefined(Storage),
            "unknown Cycle, ToleranceKind, TemporalNorm or Storage value");
        for (int level = 0; level < MaxLevels; level++)
        {
            Require(CFactorAt(level) >= 2,
                $"coarsening factor on level {level} must be at least 2 (got {CFactorAt(level)})");
            Require(NRelaxAt(level) >= 0,
                $"relaxation sweeps on level {level} must be non-negative (got {NRelaxAt(level)})");
            double w = CRelaxWeightAt(level);
            Require(double.IsFinite(w) && w > 0.0,
                $"C-relaxation weight on level {level} must be finite and positive (got {w})");
        }

        foreach (int level in LevelCFactors.Keys.Concat(LevelNRelax.Keys)
            .Concat(LevelCRelaxWeights.Keys))
        {
            Require(level >= 0 && level < MaxLevels,
                $"per-level setting for level {level} is outside 0..{MaxLevels - 1}");
        }

        if (Partition is { } p)
        {
            Require(p.LastIndex == Steps && p.Size == ranks,
                $"partition is for points 0..{p.LastIndex} on {p.Size} ranks, " +
                $"but the solve has points 0..{Steps} on {ranks} ranks");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InputException($"MGRIT options: {message}");
        }
    }
}
