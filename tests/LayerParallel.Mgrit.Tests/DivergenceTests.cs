using LayerParallel.Core.Communication;
using LayerParallel.Mgrit.Problems;

namespace LayerParallel.Mgrit.Tests;

/// <summary>
/// Divergence is a reported status: the solve stops on every rank in the same iteration, and
/// no state is handed out afterwards.
/// </summary>
public sealed class DivergenceTests
{
    // u' = −u with forward Euler, h = 0.5: the fine step multiplies by 0.5 (stable), the coarse
    // step with m = 8 by 1 − 4 = −3, far outside the stability region. Two levels, F-relaxation,
    // 64 coarse intervals: measured ‖r_0‖ ≈ 4 and ‖r_1‖ ≈ 5e29.
    private static readonly MgritOptions Unstable = new()
    {
        Steps = 512,
        StopTime = 256.0,
        MaxLevels = 2,
        CFactor = 8,
        NRelax = 0,
        MaxIterations = 30,
        Tolerance = 1e-10,
        ToleranceKind = ToleranceKind.Absolute,
        SkipFirstDownCycle = false,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Solve_UnstableCoarsePropagator_DivergedOnEveryRankAndStatesRefused(int ranks)
    {
        var outcomes = InProcessCommunicator.Run(ranks, comm =>
        {
            var solver = new MgritSolver<ArrayState>(new EulerDecay(), comm, Unstable);
            var result = solver.Solve();
            var access = Record.Exception(() => solver.Access((_, _) => { }));
            var again = Record.Exception(() => solver.Solve());
            return (result, access, again);
        }, TestRuns.Timeout);

        foreach (var (result, access, again) in outcomes)
        {
            // Stopped right after ‖r_1‖ > 1e8·‖r_0‖, the default DivergenceFactor.
            Assert.Equal(MgritStatus.Diverged, result.Status);
            Assert.Equal(2, result.Iterations);
            Assert.True(result.FinalResidualNorm > 1e8 * result.ResidualNorms[0]);
            Assert.True(double.IsFinite(result.FinalResidualNorm!.Value));
            Assert.Contains("exceeds 1E+08 times the first one", result.DivergenceReason);
            Assert.IsType<InvalidOperationException>(access);
            Assert.IsType<InvalidOperationException>(again);
        }

        Assert.All(outcomes, o => Assert.Equal(TestRuns.Bits(outcomes[0].result.ResidualNorms),
            TestRuns.Bits(o.result.ResidualNorms)));
    }

    [Fact]
    public void Solve_GrowthBeyondDivergenceFactor_StopsAtFirstNormAboveFactorTimesFirst()
    {
        // With the first down-cycle skipped, ‖r_1‖ already contains the unstable coarse solve and
        // the later norms keep growing slowly; the growth test must stop at the first k with
        // ‖r_k‖ > factor·‖r_1‖, whatever it is.
        const double factor = 1e4;
        var free = Unstable with
        {
            SkipFirstDownCycle = true,
            DivergenceFactor = double.PositiveInfinity,
            MaxIterations = 12,
        };
        var history = TestRuns.Solve(1, () => new EulerDecay(), free).Result.ResidualNorms;
        double first = history[1]!.Value;
        int expected = Enumerable.Range(2, history.Count - 2)
            .First(k => history[k] > factor * first) + 1;

        var run = TestRuns.Solve(2, () => new EulerDecay(),
            free with { DivergenceFactor = factor });

        Assert.InRange(expected, 4, 12);
        Assert.Equal(MgritStatus.Diverged, run.Result.Status);
        Assert.Equal(expected, run.Result.Iterations);
        Assert.Equal(TestRuns.Bits(history.Take(expected).ToArray()),
            TestRuns.Bits(run.Result.ResidualNorms));
    }

    [Fact]
    public void Solve_InfiniteStep_ReportsDivergedAtOnce()
    {
        var options = new MgritOptions { Steps = 16, StopTime = 1.0, MaxIterations = 10 };

        var run = InProcessCommunicator.Run(3, comm =>
            new MgritSolver<ArrayState>(new OverflowingProblem(), comm, options).Solve());

        Assert.All(run, r => Assert.Equal((MgritStatus.Diverged, 2),
            (r.Status, r.Iterations)));
        Assert.True(double.IsInfinity(run[0].FinalResidualNorm!.Value)
            || double.IsNaN(run[0].FinalResidualNorm!.Value));
    }

    [Fact]
    public void ResetInitialGuess_AfterDivergence_SolvesAgainToTheSequentialSolution()
    {
        var stable = Unstable with { NRelax = 1, Tolerance = 1e-12 };

        var runs = InProcessCommunicator.Run(2, comm =>
        {
            var problem = new EulerDecay();
            var solver = new MgritSolver<ArrayState>(problem, comm, stable);
            var first = solver.Solve();
            problem.Implicit = true;
            solver.ResetInitialGuess();
            var second = solver.Solve();
            var states = new double[stable.Steps + 1][];
            solver.Access((i, u) => states[i] = (double[])u.Values.Clone());
            return (first, second, states);
        }, TestRuns.Timeout);
        var states = Enumerable.Range(0, stable.Steps + 1)
            .Select(i => runs.Select(r => r.states[i]).First(u => u is not null)).ToArray();

        // Backward Euler contracts, so the error is at most N·tol ≈ 5e-10; the rest is rounding.
        Assert.Equal(MgritStatus.Diverged, runs[0].first.Status);
        Assert.Equal(MgritStatus.Converged, runs[0].second.Status);
        Assert.True(TestRuns.MaxRelativeDifference(states,
            TestRuns.Sequential(new EulerDecay { Implicit = true }, stable)) < 1e-9);
    }

    /// <summary>u' = −u by forward Euler (u ← (1 − h)u), or backward Euler when Implicit.</summary>
    private sealed class EulerDecay() : ArrayStateProblem(1)
    {
        public bool Implicit { get; set; }

        public override ArrayState Create(int fineIndex)
        {
            var state = new ArrayState(1);
            state.Values[0] = fineIndex == 0 ? 1.0 : 0.5;
            return state;
        }

        public override void Step(ArrayState u, in StepContext step) =>
            u.Values[0] *= Implicit ? 1.0 / (1.0 + step.Dt) : 1.0 - step.Dt;
    }

    /// <summary>Dahlquist, except that fine steps into point 5 overflow to +∞.</summary>
    private sealed class OverflowingProblem() : ArrayStateProblem(1)
    {
        private readonly DahlquistProblem _inner = new();

        public override ArrayState Create(int fineIndex) => _inner.Create(fineIndex);

        public override void Step(ArrayState u, in StepContext step)
        {
            _inner.Step(u, step);
            if (step.To == 5)
            {
                u.Values[0] = double.PositiveInfinity;
            }
        }
    }
}
