using LayerParallel.Mgrit.Problems;

namespace LayerParallel.Mgrit.Tests;

/// <summary>
/// FAS on a nonlinear problem: MGRIT must converge to the sequential solution of the
/// nonlinear recurrence itself, not of a linearization, on any number of ranks.
/// </summary>
public sealed class FasTests
{
    private static LogisticProblem NewProblem() =>
        new([1.0, 3.0, 0.5], [0.1, 0.02, 0.6], initialGuess: 0.5);

    [Theory]
    [InlineData(CycleType.V, 1)]
    [InlineData(CycleType.F, 0)]
    public void Solve_LogisticTightTolerance_EqualsSequentialStepping(CycleType cycle, int nu)
    {
        var options = new MgritOptions
        {
            Steps = 128,
            StopTime = 6.0,
            MaxLevels = 4,
            CFactor = 4,
            MinCoarse = 1,
            NRelax = nu,
            Cycle = cycle,
            Tolerance = 1e-13,
            ToleranceKind = ToleranceKind.Absolute,
        };
        var sequential = TestRuns.Sequential(NewProblem(), options);

        var run = TestRuns.Solve(3, NewProblem, options);

        // Backward Euler contracts here, so the error is at most about N·tol ≈ 1e-11 absolute
        // on O(0.1–1) values; measured: below 1e-14, so 1e-12 leaves room.
        Assert.Equal(MgritStatus.Converged, run.Result.Status);
        Assert.True(TestRuns.MaxRelativeDifference(run.States, sequential) < 1e-12);
    }

    [Fact]
    public void Solve_Logistic_SameHistoryOnOneToFourRanks()
    {
        var options = new MgritOptions
        {
            Steps = 60,
            StopTime = 5.0,
            MaxLevels = 3,
            CFactor = 3,
            MaxIterations = 5,
            Tolerance = 0.0,
            ToleranceKind = ToleranceKind.Absolute,
            CRelaxWeight = 1.2,
        };
        var reference = TestRuns.Solve(1, NewProblem, options);

        foreach (int ranks in new[] { 2, 3, 4 })
        {
            var run = TestRuns.Solve(ranks, NewProblem, options);
            Assert.Equal(TestRuns.Bits(reference.Result.ResidualNorms),
                TestRuns.Bits(run.Result.ResidualNorms));
            Assert.True(TestRuns.SameBits(reference.States, run.States));
        }
    }

    [Fact]
    public void Step_SmallSteps_ApproachTheExactLogisticCurve()
    {
        // Backward Euler is first order: halving h halves the error at t = 2.
        var problem = NewProblem();
        double Error(int steps)
        {
            var options = new MgritOptions { Steps = steps, StopTime = 2.0, MaxLevels = 1 };
            var final = TestRuns.Sequential(problem, options)[^1];
            return Enumerable.Range(0, 3).Max(j => Math.Abs(final[j] - problem.Exact(j, 2.0)));
        }

        Assert.InRange(Math.Log2(Error(400) / Error(800)), 0.95, 1.05);
    }
}
