using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace LayerParallel.Mgrit;

public sealed partial class MgritSolver<TVector>
{
    /// <summary>
    /// Runs MGRIT iterations until the residual norm meets the tolerance, the iteration limit
    /// is reached, or the iterations diverge. Collective.
    /// </summary>
    /// <remarks>
    /// <para>
    /// One iteration (V-cycle): on each level ℓ = 0..L−2, ν FC sweeps then F-relaxation and
    /// restriction (<see cref="MgritOptions.NRelax"/> = 1 gives FCF); the coarsest level is
    /// solved sequentially; on each level ℓ = L−1..1, F-relaxation and correction of ℓ−1.
    /// ‖r_k‖ is measured on level 0 during the restriction of iteration k, so it is the
    /// residual of the iterate after k−1 complete iterations plus the relaxation of
    /// iteration k. The solve stops after iteration k if ‖r_k‖ &lt; tol (times ‖r_0‖ when
    /// relative), or k = MaxIterations − 1, exactly as XBraid's <c>_braid_Drive</c>.
    /// </para>
    /// <para>
    /// It stops at once, right after ‖r_k‖ is known and before the coarse levels, with
    /// <see cref="MgritStatus.Diverged"/> when ‖r_k‖ is NaN or infinite or exceeds
    /// <see cref="MgritOptions.DivergenceFactor"/> times the first ‖r‖ of this call. Every rank
    /// holds the same norms, so all stop together. The states are then not usable:
    /// <see cref="Access"/> and <see cref="Solve"/> refuse until
    /// <see cref="ResetInitialGuess"/>.
    /// </para>
    /// <para>
    /// A later call continues from the current states (warm restart); the relative tolerance
    /// keeps the ‖r_0‖ of the first call, as XBraid does, until
    /// <see cref="ResetInitialGuess"/>. With <see cref="StorageMode.CPointsOnly"/> the fine
    /// F-point states are not kept (<see cref="Access"/> recomputes them); with
    /// <see cref="StorageMode.AllPoints"/> the solve ends, unless it diverged, with one more
    /// F-relaxation on level 0 that keeps them, its steps counted in
    /// <see cref="MgritResult.LocalSteps"/> and the level-0 relaxation time.
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The last solve diverged.</exception>
    public MgritResult Solve()
    {
        ThrowIfDiverged(nameof(Solve));
        var clock = Stopwatch.StartNew();
        long stepsBefore = _steps;
        int levels = _levels.Length;
        Array.Fill(_residualNorms, null);
        _solveFirstNorm = null;
        _levels[0].FPointsCurrent = false;
        foreach (var storage in _levels)
        {
            storage.Times.Reset();
        }

        var cycle = new CycleState(levels, _options);
        bool done = _options.MaxLevels <= 1;
        int level = 0;
        if (_options.SkipFirstDownCycle)
        {
            // Skip work on the first down-cycle: inject the initial guess to every level
            level = levels - 1;
            CopyFineToCoarse();
        }

        int iteration = 0;
        while (!done)
        {
            if (levels == 1)
            {
                // One level: sequential time stepping (its residual is 0 by construction)
                FCRelax(0, 1);
                RecordResidualNorm(iteration, 0.0);
            }

            cycle.Update(level);
            if (cycle.Down)
            {
                FCRelax(level, _levels[level].Grid.NRelax);
                FRestrict(level, iteration);
                if (level == 0 && _divergence is not null)
                {
                    // Diverged: stop before the coarse levels, on every rank alike
                    AbandonCycle();
                    LogIteration(iteration, clock.Elapsed);
                    iteration++;
                    break;
                }

                level++;
            }
            else if (level > 0)
            {
                FInterp(level);
                level--;
            }
            else
            {
                LogIteration(iteration, clock.Elapsed);
                done = IsDone(iteration);
                iteration++;
            }
        }

        if (_levels[0].FPoints is not null && _divergence is null)
        {
            // Keep every fine state: u_i ← Φ(u_{i−1}) at the F-points, from the final C-points
            KeepFinePoints();
        }

        return Finish(iteration, clock.Elapsed, _steps - stepsBefore);
    }

    // Injects the finest C-point states to every coarser level: v ← u_fine, u ← v
    // (XBraid _braid_CopyFineToCoarse, used when the first down-cycle is skipped).
    private void CopyFineToCoarse()
    {
        for (int l = 1; l < _levels.Length; l++)
        {
            var level = _levels[l];
            var fine = _levels[l - 1];
            var grid = level.Grid;
            for (int i = grid.Lower; i <= grid.Upper; i++)
            {
                var v = level.V![i - grid.Lower];
                _problem.Copy(fine.CState(i * fine.Grid.CFactor), v);
                if (grid.IsCPoint(i))
                {
                    _problem.Copy(v, level.CState(i));
                }
            }
        }
    }

    private bool IsDone(int iteration)
    {
        double? norm = _residualNorms[iteration];
        bool done = norm is { } r && r < StoppingTolerance();
        return done || iteration == _options.MaxIterations - 1;
    }

    // The coarse levels of an abandoned iteration hold a right-hand side; drop it so that a
    // later solve (after ResetInitialGuess) starts clean.
    private void AbandonCycle()
    {
        foreach (var level in _levels)
        {
            level.HasRhs = false;
        }
    }

    private void ThrowIfDiverged(string operation)
    {
        if (_divergence is not null)
        {
            throw new InvalidOperationException(
                $"MGRIT {operation} refused: the last solve diverged ({_divergence}); "
                + "call ResetInitialGuess first");
        }
    }

    // tol, or tol·‖r_0‖ when relative (negative while ‖r_0‖ is unknown, as in XBraid).
    private double StoppingTolerance() => _options.ToleranceKind == ToleranceKind.Relative
        ? _options.Tolerance * (_firstResidualNorm ?? -1.0)
        : _options.Tolerance;

    // Stores ‖r_k‖; the first one (iteration 0, or 1 after a skipped first down-cycle) is
    // ‖r_0‖ of the relative tolerance, as in XBraid's _braid_SetRNorm. Then checks for
    // divergence against the first norm of this call.
    private void RecordResidualNorm(int iteration, double norm)
    {
        _residualNorms[iteration] = norm;
        bool first = iteration == 0 || (iteration == 1 && _options.SkipFirstDownCycle);
        if (first && _firstResidualNorm is null)
        {
            _firstResidualNorm = norm;
        }

        _divergence = DivergenceOf(norm, _solveFirstNorm);
        _solveFirstNorm ??= norm;
    }

    // Why ‖r_k‖ counts as divergence, or null: NaN, ±∞, or growth beyond DivergenceFactor
    // times the first norm of this solve (when that one is positive).
    private string? DivergenceOf(double norm, double? reference)
    {
        if (double.IsNaN(norm) || double.IsInfinity(norm))
        {
            return $"the residual norm is {norm}";
        }

        return reference is > 0.0 and { } r0 && norm > _options.DivergenceFactor * r0
            ? $"the residual norm {norm:G3} exceeds {_options.DivergenceFactor:G3} times the "
                + $"first one, {r0:G3}"
            : null;
    }

    // The temporal norm of the C-point residual norms, combined on every rank in one fixed
    // order (descending C-point, XBraid's single-rank order), so every rank count agrees.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double TemporalResidualNorm()
    {
        if (_comm.Size > 1)
        {
            // Each entry has exactly one non-zero contribution, so this sum is exact.
            long started = Stopwatch.GetTimestamp();
            _comm.AllreduceSum(_cPointNorms);
            _levels[0].Times.ReductionTicks += Stopwatch.GetTimestamp() - started;
        }

        double norm = 0.0;
        switch (_options.TemporalNorm)
        {
            case TemporalNorm.One:
                for (int j = _cPointNorms.Length - 1; j >= 1; j--)
                {
                    norm += _cPointNorms[j];
                }

                return norm;
            case TemporalNorm.Infinity:
                foreach (double value in _cPointNorms)
                {
                    norm = double.IsNaN(value) || value > norm ? value : norm;
                    if (double.IsNaN(norm))
                    {
                        return norm;
                    }
                }

                return norm;
            default:
                for (int j = _cPointNorms.Length - 1; j >= 1; j--)
                {
                    norm += _cPointNorms[j] * _cPointNorms[j];
                }

                return Math.Sqrt(norm);
        }
    }

    private MgritResult Finish(int iterations, TimeSpan wallTime, long steps)
    {
        double? last = iterations > 0 ? _residualNorms[iterations - 1] : null;
        var status = _options.MaxLevels <= 1 ? MgritStatus.Sequential : StatusOf(last);
        var history = _residualNorms.Take(iterations).ToArray();
        var times = _levels.Select(l => l.Times.ToTimes(l.Grid.Index, _options.TimeSteps))
            .ToArray();
        LogTimes(status, iterations, steps, wallTime, times);
        return new MgritResult(status, iterations, history, last, _levels.Length, wallTime, steps)
        {
            LevelTimes = times,
            DivergenceReason = _divergence,
        };
    }

    private MgritStatus StatusOf(double? last)
    {
        if (_divergence is not null)
        {
            return MgritStatus.Diverged;
        }

        return last is { } norm && norm < StoppingTolerance()
            ? MgritStatus.Converged
            : MgritStatus.MaxIterationsReached;
    }

    private void LogStart()
    {
        if (_comm.Rank != 0)
        {
            return;
        }

        if (_levels.Length == 1)
        {
            _logger.Information(
                "MGRIT: {Steps} time steps on one level (sequential time stepping), {Ranks} ranks",
                _options.Steps, _comm.Size);
            return;
        }

        _logger.Information(
            "MGRIT: {Steps} time steps, {Levels} levels, cfactors {CFactors}, FC sweeps {NRelax}, "
            + "{Cycle}-cycles, {Ranks} ranks",
            _options.Steps, _levels.Length,
            string.Join(',', _levels.SkipLast(1).Select(l => l.Grid.CFactor)),
            string.Join(',', _levels.SkipLast(1).Select(l => l.Grid.NRelax)),
            _options.Cycle, _comm.Size);
    }

    // One line per iteration, worded like XBraid's "|| r_k || = ..., conv factor = ...".
    private void LogIteration(int iteration, TimeSpan elapsed)
    {
        if (_comm.Rank != 0)
        {
            return;
        }

        double? norm = _residualNorms[iteration];
        double? previous = iteration > 0 ? _residualNorms[iteration - 1] : null;
        if (norm is { } r)
        {
            double factor = previous is { } p ? r / p : 1.0;
            _logger.Information(
                "MGRIT || r_{Iteration} || = {ResidualNorm:0.000000e+00}, "
                + "conv factor = {ConvergenceFactor:0.00e+00}, "
                + "wall time = {WallSeconds:0.00e+00}",
                iteration, r, factor, elapsed.TotalSeconds);
            if (_divergence is not null)
            {
                _logger.Warning("MGRIT diverged at iteration {Iteration}: {Reason}",
                    iteration, _divergence);
            }
        }
        else
        {
            _logger.Information(
                "MGRIT || r_{Iteration} || not available, wall time = {WallSeconds:0.00e+00}",
                iteration, elapsed.TotalSeconds);
        }
    }

    // Debug, every rank: the outcome, then one line per level of where the time went.
    private void LogTimes(MgritStatus status, int iterations, long steps, TimeSpan wallTime,
        MgritLevelTimes[] times)
    {
        _logger.Debug(
            "MGRIT rank {Rank}: {Status} after {Iterations} iterations, {Steps} steps, "
            + "{WallSeconds:F3} s",
            _comm.Rank, status, iterations, steps, wallTime.TotalSeconds);
        foreach (var t in times)
        {
            _logger.Debug(
                "MGRIT rank {Rank} level {Level}: {LevelSteps} steps, relax {RelaxSeconds:F4} s, "
                + "restrict {RestrictSeconds:F4} s, interpolate {InterpolateSeconds:F4} s, "
                + "wait {WaitSeconds:F4} s, reduction {ReductionSeconds:F4} s, "
                + "step {StepSeconds:F4} s",
                _comm.Rank, t.Level, t.Steps, t.RelaxSeconds, t.RestrictSeconds,
                t.InterpolateSeconds, t.WaitSeconds, t.ReductionSeconds, t.StepSeconds);
        }
    }
}
