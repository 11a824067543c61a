using System.Runtime.CompilerServices;

namespace LayerParallel.Mgrit;

public sealed partial class MgritSolver<TVector>
{
    /// <summary>
    /// Computes the fine F-point states by F-relaxation from the current C-point states and
    /// passes every state this rank owns to <paramref name="visit"/> once. Collective.
    /// </summary>
    /// <remarks>
    /// u_i ← Φ(u_{i−1}) at the F-points (XBraid <c>_braid_FAccess</c>); the stored C-point
    /// states are not changed, so repeated calls give the same states. With one level this is
    /// the sequential solve. Points are visited interval by interval from the right; within an
    /// interval, the F-points in increasing order, then the C-point closing it.
    /// </remarks>
    /// <exception cref="InvalidOperationException">
    /// The last solve diverged (on every rank alike): the states are not usable, and no NaN is
    /// handed out. <see cref="ResetInitialGuess"/> makes the solver usable again.
    /// </exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Access(MgritVisitor<TVector> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ThrowIfDiverged(nameof(Access));
        var level = _levels[0];
        var grid = level.Grid;
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
                visit(i, _state);
            }

            if (c >= 0)
            {
                visit(c, level.CState(c));
            }
        }

        EndSweep(level);
    }
}
