using System.Diagnostics;

namespace LayerParallel.Mgrit;

/// <summary>
/// Where one rank's time went on one level during a solve, in <see cref="Stopwatch"/> ticks;
/// reset at the start of every solve.
/// </summary>
internal sealed class LevelClock
{
    /// <summary>Calls of the step callback on this level.</summary>
    public long Steps;

    /// <summary>
    /// Inside the step callback (only with <see cref="MgritOptions.TimeSteps"/>).
    /// </summary>
    public long StepTicks;

    /// <summary>FC-relaxation sweeps on this level.</summary>
    public long RelaxTicks;

    /// <summary>F-relaxation, FAS residual and injection from this level to the next.</summary>
    public long RestrictTicks;

    /// <summary>F-relaxation on this level and correction of the finer level.</summary>
    public long InterpolateTicks;

    /// <summary>Blocked on this level's boundary messages.</summary>
    public long WaitTicks;

    /// <summary>Combining the residual norms over the ranks (level 0 only).</summary>
    public long ReductionTicks;

    public void Reset()
    {
        Steps = 0;
        StepTicks = RelaxTicks = RestrictTicks = InterpolateTicks = WaitTicks = ReductionTicks = 0;
    }

    public MgritLevelTimes ToTimes(int level, bool stepsTimed) => new(
        level, Steps, stepsTimed ? Seconds(StepTicks) : null, Seconds(RelaxTicks),
        Seconds(RestrictTicks), Seconds(InterpolateTicks), Seconds(WaitTicks),
        Seconds(ReductionTicks));

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
