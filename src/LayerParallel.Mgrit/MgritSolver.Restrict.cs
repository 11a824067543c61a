using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace LayerParallel.Mgrit;

public sealed partial class MgritSolver<TVector>
{
    /// <summary>
    /// F-relaxation on level ℓ, then restriction to ℓ+1 with the FAS right-hand side
    /// (XBraid <c>_braid_FRestrict</c>). On level 0 it also computes ‖r_k‖.
    /// </summary>
    /// <remarks>
    /// With A(u)_i = u_i − Φ(u_{i−1}), the coarse problem is A_c(u_c) = R(f − A(u)) + A_c(R(u)),
    /// R being injection at the C-points: v = R(u), f_c,i = (f_i − A(u)_i) + (v_i − Φ_c(v_{i−1})),
    /// and its initial guess is u_c = v. The exact solution is a fixed point: its residual is 0.
    /// </remarks>
    private void FRestrict(int levelIndex, int iteration)
    {
        long started = Stopwatch.GetTimestamp();
        var level = _levels[levelIndex];
        var coarse = _levels[levelIndex + 1];
        RestrictResidual(level, coarse);

        // u_c ← v at the coarse C-points (XBraid _braid_InitGuess on a coarse level)
        var cGrid = coarse.Grid;
        for (int slot = 0; slot < coarse.U.Length; slot++)
        {
            int i = cGrid.CLower + (slot * cGrid.CFactor);
            _problem.Copy(coarse.V![i - cGrid.Lower], coarse.U[slot]);
        }

        AddCoarseOperator(coarse);
        coarse.HasRhs = true;
        if (levelIndex == 0)
        {
            RecordResidualNorm(iteration, TemporalResidualNorm());
        }

        level.Times.RestrictTicks += Stopwatch.GetTimestamp() - started;
    }

    // F-relax level ℓ and, at each C-point c, form r_c = f_c − (u_c − Φ(u_{c−1})) and inject:
    // v_{c/m} ← u_c, f_{c/m} ← r_c.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RestrictResidual(LevelStorage<TVector> level, LevelStorage<TVector> coarse)
    {
        var grid = level.Grid;
        var cGrid = coarse.Grid;
        var r = _state;
        if (grid.Index == 0)
        {
            Array.Clear(_cPointNorms);
        }

        BeginSweep(level, Sweep.Restrict);
        for (int k = grid.IntervalCount - 1; k >= 0; k--)
        {
            var (fLower, fUpper, c) = grid.Interval(k);
            if (fLower <= fUpper)
            {
                Load(level, fLower - 1, r);
            }
            else if (c > 0)
            {
                Load(level, c - 1, r);
            }

            // F: u_i ← Φ(u_{i−1}) + f_i
            for (int i = fLower; i <= fUpper; i++)
            {
                Step(level, i, r);
                Offer(level, i, r);
            }

            if (c > 0)
            {
                var u = level.CState(c);

                // r ← u_c − Φ(u_{c−1}), then the FAS residual r ← f_c − r (r ← −r without f)
                Step(level, c, r, withRhs: false);
                _problem.Sum(1.0, u, -1.0, r);
                if (level.HasRhs)
                {
                    _problem.Sum(1.0, level.F![c - grid.Lower], -1.0, r);
                }
                else
                {
                    _problem.Sum(0.0, r, -1.0, r);
                }

                if (grid.Index == 0)
                {
                    _cPointNorms[c / grid.CFactor] = _problem.Norm(r);
                }

                // Injection: v ← u_c, f ← r
                int ic = (c / grid.CFactor) - cGrid.Lower;
                _problem.Copy(u, coarse.V![ic]);
                _problem.Copy(r, coarse.F![ic]);
            }
            else if (c == 0)
            {
                _problem.Copy(level.CState(0), coarse.V![0]);
            }
        }

        EndSweep(level);
    }

    // f_i ← (v_i − Φ_c(v_{i−1})) + f_i at every coarse point i > 0; v at Lower − 1 comes from
    // the left neighbour.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddCoarseOperator(LevelStorage<TVector> coarse)
    {
        var grid = coarse.Grid;
        if (grid.IsEmpty)
        {
            return;
        }

        coarse.Tag = TagFor(Sweep.CoarseResidual, grid);
        if (grid.LeftRank >= 0)
        {
            PostReceive(coarse);
        }

        if (grid.RightRank >= 0)
        {
            Send(coarse, coarse.V![grid.Count - 1]);
        }

        for (int i = grid.Upper; i >= Math.Max(grid.Lower, 1); i--)
        {
            if (i == grid.Lower)
            {
                Load(coarse, i - 1, _scratch);
            }
            else
            {
                _problem.Copy(coarse.V![i - 1 - grid.Lower], _scratch);
            }

            Step(coarse, i, _scratch, withRhs: false);
            _problem.Sum(1.0, coarse.V![i - grid.Lower], -1.0, _scratch);
            _problem.Sum(1.0, _scratch, 1.0, coarse.F![i - grid.Lower]);
        }

        EndSweep(coarse);
    }
}
