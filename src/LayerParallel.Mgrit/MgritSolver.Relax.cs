using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace LayerParallel.Mgrit;

public sealed partial class MgritSolver<TVector>
{
    /// <summary>
    /// <paramref name="sweeps"/> FC-relaxation sweeps on a level (XBraid <c>_braid_FCRelax</c>).
    /// </summary>
    /// <remarks>
    /// F-relaxation: u_i ← Φ(u_{i−1}) + f_i at every F-point, starting from the C-point before
    /// the interval; C-relaxation: the same at every C-point, from the new F-point before it,
    /// weighted by w = <see cref="GridLevel.CRelaxWeight"/> as XBraid's CWt:
    /// u_c ← (1 − w)·u_c + w·(Φ(u_{c−1}) + f_c), evaluated as <c>Sum(1 − w, u_c, w, ·)</c>;
    /// w = 1 skips the sum. Intervals are independent, so each rank sweeps its own and needs
    /// only u at Lower − 1.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FCRelax(int levelIndex, int sweeps)
    {
        var level = _levels[levelIndex];
        var grid = level.Grid;
        double weight = grid.IsCoarsest ? 1.0 : grid.CRelaxWeight;
        long started = Stopwatch.GetTimestamp();
        for (int nu = 0; nu < sweeps; nu++)
        {
            BeginSweep(level, Sweep.Relax);
            for (int k = grid.IntervalCount - 1; k >= 0; k--)
            {
                var (fLower, fUpper, c) = grid.Interval(k);
                if (fLower <= fUpper)
                {
                    Load(level, fLower - 1, _state);
                }
                else if (c > 0)
                {
                    Load(level, c - 1, _state);
                }

                // F: u_i ← Φ(u_{i−1}) + f_i at the F-points of the interval
                for (int i = fLower; i <= fUpper; i++)
                {
                    Step(level, i, _state);
                    Offer(level, i, _state);
                }

                // C: u_c ← (1 − w)·u_c + w·(Φ(u_{c−1}) + f_c)
                if (c > 0)
                {
                    Step(level, c, _state);
                    if (weight != 1.0)
                    {
                        _problem.Sum(1.0 - weight, level.CState(c), weight, _state);
                    }

                    _problem.Copy(_state, level.CState(c));
                }
            }

            EndSweep(level);
        }

        level.Times.RelaxTicks += Stopwatch.GetTimestamp() - started;
    }
}
