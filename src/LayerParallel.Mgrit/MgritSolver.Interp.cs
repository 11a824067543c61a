using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace LayerParallel.Mgrit;

public sealed partial class MgritSolver<TVector>
{
    /// <summary>
    /// F-relaxation on coarse level ℓ, then correction of level ℓ−1 (XBraid <c>_braid_FInterp</c>).
    /// </summary>
    /// <remarks>
    /// The coarse error e_i = u_c,i − v_i is added to the fine C-point it came from:
    /// u_{i·m} ← e_i + u_{i·m}, at the coarse F-points (just relaxed) and C-points alike. On the
    /// coarsest level, whose only C-point is 0, the F-relaxation is the sequential solve,
    /// passed from rank to rank. Afterwards the level holds no right-hand side until the next
    /// restriction onto it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FInterp(int levelIndex)
    {
        long started = Stopwatch.GetTimestamp();
        var level = _levels[levelIndex];
        var fine = _levels[levelIndex - 1];
        var grid = level.Grid;
        var u = _state;
        BeginFSweep(level, Sweep.Interpolate);
        for (int k = grid.IntervalCount - 1; k >= 0; k--)
        {
            var (fLower, fUpper, c) = grid.Interval(k);
            if (fLower <= fUpper)
            {
                Load(level, fLower - 1, u);
            }

            for (int i = fLower; i <= fUpper; i++)
            {
                // u_i ← Φ(u_{i−1}) + f_i, then correct the fine C-point
                Step(level, i, u);
                Offer(level, i, u);
                Correct(level, fine, i, u);
            }

            if (c > 0)
            {
                Correct(level, fine, c, level.CState(c));
            }
        }

        EndSweep(level);
        level.HasRhs = false;
        level.Times.InterpolateTicks += Stopwatch.GetTimestamp() - started;
    }

    // e ← u_c,i − v_i (in v's storage), u_fine ← e + u_fine at fine point i·m.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Correct(
        LevelStorage<TVector> level, LevelStorage<TVector> fine, int i, TVector coarseState)
    {
        var error = level.V![i - level.Grid.Lower];
        _problem.Sum(1.0, coarseState, -1.0, error);
        _problem.Sum(1.0, error, 1.0, fine.CState(i * fine.Grid.CFactor));
    }
}
