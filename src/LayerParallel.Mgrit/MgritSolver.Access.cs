using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace LayerParallel.Mgrit;

public sealed partial class MgritSolver<TVector>
{
    /// <summary>
    /// Passes every fine state this rank owns to <paramref name="visit"/> once, the F-point
    /// states being the F-relaxation of the current C-point states. Collective.
    /// </summary>
    /// <remarks>
    /// <para>
    /// u_i ← Φ(u_{i−1}) at the F-points (XBraid <c>_braid_FAccess</c>); the stored C-point
    /// states are not changed, so repeated calls give the same states. With one level this is
    /// the sequential solve. Points are visited interval by interval from the right; within an
    /// interval, the F-points in increasing order, then the C-point closing it.
    /// </para>
    /// <para>
    /// With <see cref="StorageMode.AllPoints"/> the F-point states kept by the last
    /// <see cref="Solve"/> are handed out as they are: no step and no message. They are the same
    /// bits the F-relaxation would give. Only after <see cref="ResetInitialGuess"/> or
    /// <see cref="RefreshInitialCondition"/> without a new solve does Access step (once: it
    /// keeps what it computes).
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">
    /// The last solve diverged (on every rank alike): the states are not usable, and no NaN is
    /// handed out. <see cref="ResetInitialGuess"/> makes the solver usable again.
    /// </exception>
    public void Access(MgritVisitor<TVector> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ThrowIfDiverged(nameof(Access));
        var level = _levels[0];
        if (level.FPoints is not null && level.FPointsCurrent)
        {
            VisitKept(level, visit);
        }
        else
        {
            FineFRelax(level, visit);
        }
    }

    // The final F-relaxation of a solve with all points kept: fills the fine F-point states
    // from the current C-points (counted as level-0 relaxation).
    private void KeepFinePoints()
    {
        var level = _levels[0];
        long started = Stopwatch.GetTimestamp();
        FineFRelax(level, visit: null);
        level.Times.RelaxTicks += Stopwatch.GetTimestamp() - started;
    }

    // u_i ← Φ(u_{i−1}) at the fine F-points, from the current C-points; keeps each u_i when
    // the level has room for it, and passes every owned state to visit when one is given.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FineFRelax(LevelStorage<TVector> level, MgritVisitor<TVector>? visit)
    {
        var grid = level.Grid;
        bool keep = level.FPoints is not null;
        BeginFSweep(level, Sweep.Access);
        for (int k = grid.IntervalCount - 1; k >= 0; k--)
        {
            var (fLower, fUpper, c) = grid.Interval(k);
            if (fLower <= fUpper)
            {
                Load(level, fLower - 1, _state);
            }

            // u_i ← Φ(u_{i−1}) at the F-points
            for (int i = fLower; i <= fUpper; i++)
            {
                Step(level, i, _state);
                Offer(level, i, _state);
                if (keep)
                {
                    _problem.Copy(_state, level.FState(i));
                }

                visit?.Invoke(i, _state);
            }

            if (c >= 0)
            {
                visit?.Invoke(c, level.CState(c));
            }
        }

        EndSweep(level);
        level.FPointsCurrent = keep;
    }

    // Hands out the kept states in the order of FineFRelax, without stepping.
    private static void VisitKept(LevelStorage<TVector> level, MgritVisitor<TVector> visit)
    {
        var grid = level.Grid;
        for (int k = grid.IntervalCount - 1; k >= 0; k--)
        {
            var (fLower, fUpper, c) = grid.Interval(k);
            for (int i = fLower; i <= fUpper; i++)
            {
                visit(i, level.FState(i));
            }

            if (c >= 0)
            {
                visit(c, level.CState(c));
            }
        }
    }
}
