using LayerParallel.Core;
using LayerParallel.Core.Communication;
using LayerParallel.Mgrit.Problems;

namespace LayerParallel.Mgrit.Tests;

/// <summary>
/// <see cref="StorageMode.AllPoints"/> keeps the fine F-point states: it must change nothing
/// but where steps are made. The reference is the same run with C-points only, bit for bit,
/// and the step counts are checked against the number of fine F-points.
/// </summary>
public sealed class StorageTests
{
    public static TheoryData<string, int> ProblemsAndRanks
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (string name in Problems.Keys)
            {
                for (int ranks = 1; ranks <= 3; ranks++)
                {
                    data.Add(name, ranks);
                }
            }

            return data;
        }
    }

    // A fixed number of iterations (tolerance 0), so that both runs make every iteration.
    private static readonly
        Dictionary<string, (Func<ArrayStateProblem> Problem, MgritOptions Options)> Problems =
        new()
        {
            ["heat1d (ex-02) V FCF"] = (() => new XBraidHeat1DProblem(9, initialGuess: null, 3),
                Fixed(32, 2 * Math.PI) with { MaxLevels = 3 }),
            ["heat1d (ex-02) F-cycles cf3, CWt 1.3"] = (
                () => new XBraidHeat1DProblem(9, initialGuess: null, 4),
                Fixed(31, 1.0) with
                {
                    MaxLevels = 4, CFactor = 3, MinCoarse = 1, Cycle = CycleType.F,
                    CRelaxWeight = 1.3,
                }),
            ["logistic (FAS) V F-relaxation no skip"] = (
                () => new LogisticProblem([1.0, 3.0, 0.5], [0.1, 0.02, 0.6]),
                Fixed(40, 5.0) with
                {
                    MaxLevels = 3, CFactor = 4, MinCoarse = 1, NRelax = 0,
                    SkipFirstDownCycle = false,
                }),
            ["logistic one level (sequential)"] = (
                () => new LogisticProblem([2.0], [0.3]), Fixed(10, 1.0) with { MaxLevels = 1 }),
        };

    [Theory]
    [MemberData(nameof(ProblemsAndRanks))]
    public void Solve_AllPoints_SameHistoryAndStatesAsCPointsOnly(string name, int ranks)
    {
        var (problem, options) = Problems[name];
        var cPoints = TestRuns.Solve(ranks, problem, options);

        var allPoints = TestRuns.Solve(ranks, problem,
            options with { Storage = StorageMode.AllPoints });

        Assert.All(allPoints.Results, r => Assert.Equal(
            TestRuns.Bits(cPoints.Result.ResidualNorms), TestRuns.Bits(r.ResidualNorms)));
        Assert.All(allPoints.States, Assert.NotNull);
        Assert.True(TestRuns.SameBits(cPoints.States, allPoints.States),
            $"{name} on {ranks} ranks: states with all points kept differ");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Access_AllPoints_MakesNoStepsAndSolveMakesTheFinalFRelaxation(int ranks)
    {
        // 30 steps, m = 3: points 1..30 hold 20 F-points, the steps of one fine F-relaxation.
        const int fPoints = 20;
        var options = Fixed(30, 1.0) with { MaxLevels = 3, CFactor = 3 };

        var cPoints = CountSteps(ranks, options);
        var allPoints = CountSteps(ranks, options with { Storage = StorageMode.AllPoints });

        Assert.Equal(fPoints, cPoints.Sum(c => c.Access));
        Assert.All(allPoints, c => Assert.Equal(0, c.Access));
        Assert.Equal(cPoints.Sum(c => c.Solve) + fPoints, allPoints.Sum(c => c.Solve));
        Assert.Equal(allPoints.Select(c => c.Solve), allPoints.Select(c => c.Reported));
    }

    [Fact]
    public void Access_AllPointsTwice_SameStatesWithoutSteps()
    {
        var options = Fixed(24, 1.0) with { MaxLevels = 3, Storage = StorageMode.AllPoints };

        var outcome = InProcessCommunicator.Run(2, comm =>
        {
            var problem = new CountingProblem(new Heat1DProblem(5, initialGuess: 0.5));
            var solver = new MgritSolver<ArrayState>(problem, comm, options);
            solver.Solve();
            long before = problem.Steps;
            var first = Gather(solver, options.Steps, comm);
            var second = Gather(solver, options.Steps, comm);
            return (Steps: problem.Steps - before, Same: TestRuns.SameBits(first, second));
        }, TestRuns.Timeout);

        Assert.All(outcome, o => Assert.Equal(0, o.Steps));
        Assert.All(outcome, o => Assert.True(o.Same));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Solve_WarmRestartAndReset_AllPointsMatchesCPointsOnly(int ranks)
    {
        var options = Fixed(36, 2.0) with { MaxLevels = 3, MaxIterations = 2 };

        var cPoints = WarmRestartStates(ranks, options);
        var allPoints = WarmRestartStates(ranks, options with { Storage = StorageMode.AllPoints });

        // after the first solve, after a warm restart, after RefreshInitialCondition and after
        // ResetInitialGuess (the last two without a solve: Access must not hand out old states)
        Assert.Equal(4, allPoints.Length);
        for (int stage = 0; stage < allPoints.Length; stage++)
        {
            Assert.True(TestRuns.SameBits(cPoints[stage], allPoints[stage]),
                $"stage {stage} on {ranks} ranks: states differ");
        }

        Assert.False(TestRuns.SameBits(allPoints[0], allPoints[1]),
            "the warm restart should have changed the states");
    }

    [Fact]
    public void Constructor_StorageDiffersBetweenRanks_ThrowsNamingTheSetting()
    {
        var e = Assert.Throws<InputException>(() => InProcessCommunicator.Run(2, comm =>
            new MgritSolver<ArrayState>(new DahlquistProblem(), comm, Fixed(8, 4.0) with
            {
                Storage = comm.Rank == 0 ? StorageMode.AllPoints : StorageMode.CPointsOnly,
            })));

        Assert.Contains(nameof(MgritOptions.Storage), e.Message);
    }

    private static MgritOptions Fixed(int steps, double stopTime) => new()
    {
        Steps = steps,
        StopTime = stopTime,
        MaxIterations = 4,
        Tolerance = 0.0,
        ToleranceKind = ToleranceKind.Absolute,
    };

    // Per rank: steps of Solve as counted by the problem and as reported, and steps of Access.
    private static (long Solve, long Reported, long Access)[] CountSteps(
        int ranks, MgritOptions options) =>
        InProcessCommunicator.Run(ranks, comm =>
        {
            var problem = new CountingProblem(new Heat1DProblem(5, initialGuess: 0.5));
            var solver = new MgritSolver<ArrayState>(problem, comm, options);
            var result = solver.Solve();
            long solveSteps = problem.Steps;
            solver.Access((_, _) => { });
            return (solveSteps, result.LocalSteps, problem.Steps - solveSteps);
        }, TestRuns.Timeout);

    // Every fine state after each stage of a warm-restart sequence (rank 0's copy).
    private static double[][][] WarmRestartStates(int ranks, MgritOptions options) =>
        InProcessCommunicator.Run(ranks, comm =>
        {
            var heat = new Heat1DProblem(7, initialGuess: 0.25);
            var solver = new MgritSolver<ArrayState>(heat, comm, options);
            var stages = new List<double[][]>();
            solver.Solve();
            stages.Add(Gather(solver, options.Steps, comm));
            solver.Solve();
            stages.Add(Gather(solver, options.Steps, comm));
            solver.RefreshInitialCondition();
            stages.Add(Gather(solver, options.Steps, comm));
            solver.ResetInitialGuess();
            stages.Add(Gather(solver, options.Steps, comm));
            return stages.ToArray();
        }, TestRuns.Timeout)[0];

    // Every fine state; on several ranks each rank's own, summed (each point has one owner).
    private static double[][] Gather(
        MgritSolver<ArrayState> solver, int steps, ICommunicator? comm = null)
    {
        var states = new double[steps + 1][];
        solver.Access((i, u) => states[i] = (double[])u.Values.Clone());
        if (comm is null || comm.Size == 1)
        {
            return states;
        }

        int length = states.First(s => s is not null).Length;
        var flat = new double[(steps + 1) * length];
        for (int i = 0; i <= steps; i++)
        {
            states[i]?.CopyTo(flat, i * length);
        }

        comm.AllreduceSum(flat);
        return [.. Enumerable.Range(0, steps + 1)
            .Select(i => flat[(i * length)..((i + 1) * length)])];
    }

    /// <summary>Counts the calls of <see cref="IMgritProblem{TVector}.Step"/>.</summary>
    private sealed class CountingProblem(ArrayStateProblem inner) : ArrayStateProblem(inner.Length)
    {
        public long Steps { get; private set; }

        public override ArrayState Create(int fineIndex) => inner.Create(fineIndex);

        public override void Step(ArrayState u, in StepContext step)
        {
            Steps++;
            inner.Step(u, step);
        }
    }
}
