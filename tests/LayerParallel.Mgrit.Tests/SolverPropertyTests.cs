using LayerParallel.Core.Communication;
using LayerParallel.Mgrit.Problems;

namespace LayerParallel.Mgrit.Tests;

/// <summary>
/// Properties of MGRIT that the solver must have, checked against sequential stepping.
/// </summary>
public sealed class SolverPropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Solve_TightTolerance_EqualsSequentialStepping(int ranks)
    {
        var options = new MgritOptions
        {
            Steps = 64,
            StopTime = 0.5,
            CFactor = 4,
            Tolerance = 1e-12,
            ToleranceKind = ToleranceKind.Absolute,
        };

        var run = TestRuns.Solve(ranks, () => new Heat1DProblem(31), options);
        var sequential = TestRuns.Sequential(new Heat1DProblem(31), options);

        // For a contractive Φ the error is at most N·‖r‖ = 64·1e-12; the rest is rounding room.
        const double tolerance = 1e-9;
        Assert.Equal(MgritStatus.Converged, run.Result.Status);
        Assert.True(TestRuns.MaxRelativeDifference(run.States, sequential) < tolerance);
    }

    [Fact]
    public void Access_OneLevel_EqualsSequentialSteppingBitForBit()
    {
        var options = new MgritOptions { Steps = 20, StopTime = 2.0, MaxLevels = 1 };

        var run = TestRuns.Solve(3, () => new Heat1DProblem(8), options);

        Assert.True(TestRuns.SameBits(run.States,
            TestRuns.Sequential(new Heat1DProblem(8), options)));
    }

    // N ≤ MinCoarse leaves one level although MaxLevels > 1: XBraid then iterates sequential
    // sweeps with residual 0, so an absolute tolerance is met at once.
    [Fact]
    public void Solve_TimeGridTooShortToCoarsen_OneSequentialSweep()
    {
        var options = new MgritOptions
        {
            Steps = 2,
            StopTime = 1.0,
            Tolerance = 1e-9,
            ToleranceKind = ToleranceKind.Absolute,
        };

        var run = TestRuns.Solve(2, () => new Heat1DProblem(4), options);

        Assert.Equal((1, 1, MgritStatus.Converged), (run.Result.Levels, run.Result.Iterations,
            run.Result.Status));
        Assert.Equal(0.0, run.Result.FinalResidualNorm);
        Assert.True(TestRuns.SameBits(run.States,
            TestRuns.Sequential(new Heat1DProblem(4), options)));
    }

    // Two-level MGRIT with F-relaxation is parareal: each iteration makes one more coarse
    // interval exact; FCF-relaxation adds a second one. The next C-point is still wrong.
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    public void Solve_TwoLevels_ExactCPointsGrowByRelaxationOrderPerIteration(
        int nRelax, int exactPerIteration)
    {
        const int m = 4;
        const int coarseIntervals = 8;
        var baseOptions = new MgritOptions
        {
            Steps = m * coarseIntervals,
            StopTime = 8.0,
            MaxLevels = 2,
            CFactor = m,
            NRelax = nRelax,
            Tolerance = 0.0,
            ToleranceKind = ToleranceKind.Absolute,
            SkipFirstDownCycle = false,
        };
        var sequential = TestRuns.Sequential(new DahlquistProblem(), baseOptions);

        for (int k = 1; k * exactPerIteration < coarseIntervals; k++)
        {
            var run = TestRuns.Solve(2, () => new DahlquistProblem(),
                baseOptions with { MaxIterations = k });
            int exact = k * exactPerIteration;

            // Exact up to rounding (1e-14 relative); the first inexact point is off by far more.
            for (int j = 0; j <= exact; j++)
            {
                Assert.Equal(sequential[j * m][0], run.States[j * m][0], 1e-14);
            }

            double next = sequential[(exact + 1) * m][0];
            Assert.True(Math.Abs(run.States[(exact + 1) * m][0] - next) > 1e-6 * Math.Abs(next));
        }
    }

    [Fact]
    public void Solve_ExactInitialGuess_ZeroResidualAtFirstIteration()
    {
        var options = new MgritOptions
        {
            Steps = 32,
            StopTime = 1.0,
            SkipFirstDownCycle = false,
            Tolerance = 1e-14,
            ToleranceKind = ToleranceKind.Absolute,
        };
        var exact = TestRuns.Sequential(new Heat1DProblem(6), options);

        var run = TestRuns.Solve(2, () => new PresetGuessProblem(new Heat1DProblem(6), exact),
            options);

        // The sequential solution is a fixed point: FCF reproduces it bit for bit, so r_0 = 0.
        Assert.Equal(0.0, run.Result.ResidualNorms[0]);
        Assert.Equal(MgritStatus.Converged, run.Result.Status);
        Assert.Equal(1, run.Result.Iterations);
        Assert.True(TestRuns.MaxRelativeDifference(run.States, exact) < 1e-14);
    }

    [Fact]
    public void Solve_CalledAgain_ContinuesAsOneLongerSolve()
    {
        var options = new MgritOptions
        {
            Steps = 48,
            StopTime = 1.0,
            MaxIterations = 3,
            SkipFirstDownCycle = false,
            Tolerance = 0.0,
            ToleranceKind = ToleranceKind.Absolute,
        };
        var continuous = TestRuns.Solve(1, () => new Heat1DProblem(7, initialGuess: 0.5),
            options with { MaxIterations = 6 }).Result;

        var (first, second, afterReset) = InProcessCommunicator.Run(2, comm =>
        {
            var solver = new MgritSolver<ArrayState>(
                new Heat1DProblem(7, initialGuess: 0.5), comm, options);
            var a = solver.Solve();
            var b = solver.Solve();
            solver.ResetInitialGuess();
            return (a, b, solver.Solve());
        })[0];

        Assert.Equal(TestRuns.Bits(continuous.ResidualNorms),
            TestRuns.Bits([.. first.ResidualNorms, .. second.ResidualNorms]));
        Assert.Equal(TestRuns.Bits(first.ResidualNorms), TestRuns.Bits(afterReset.ResidualNorms));
    }

    [Fact]
    public void RefreshInitialCondition_WarmRestart_ConvergesToNewSequentialSolution()
    {
        var options = new MgritOptions
        {
            Steps = 40,
            StopTime = 2.0,
            Tolerance = 1e-13,
            ToleranceKind = ToleranceKind.Absolute,
        };

        var runs = InProcessCommunicator.Run(3, comm =>
        {
            var problem = new MovableStartProblem { Start = 1.0 };
            var solver = new MgritSolver<ArrayState>(problem, comm, options);
            solver.Solve();
            problem.Start = -3.0;
            solver.RefreshInitialCondition();
            var result = solver.Solve();
            var states = new double[options.Steps + 1][];
            solver.Access((i, u) => states[i] = (double[])u.Values.Clone());
            return (result, states);
        });
        var states = Enumerable.Range(0, options.Steps + 1)
            .Select(i => runs.Select(r => r.states[i]).First(u => u is not null)).ToArray();

        // Error ≤ N·tol = 4e-12 for the contractive Dahlquist step; the rest is rounding room.
        Assert.Equal(MgritStatus.Converged, runs[0].result.Status);
        Assert.True(TestRuns.MaxRelativeDifference(states,
            TestRuns.Sequential(new MovableStartProblem { Start = -3.0 }, options)) < 1e-10);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void Solve_RelativeTolerance_StopsAtFirstNormBelowTolTimesFirstNorm(
        bool skip, int firstComputed)
    {
        var options = new MgritOptions
        {
            Steps = 128,
            StopTime = 1.0,
            MaxIterations = 30,
            Tolerance = 0.0,
            ToleranceKind = ToleranceKind.Absolute,
            SkipFirstDownCycle = skip,
        };
        var history = TestRuns.Solve(1, () => new Heat1DProblem(15), options).Result.ResidualNorms;
        double r0 = history[firstComputed]!.Value;
        int expected = Enumerable.Range(firstComputed, history.Count - firstComputed)
            .First(k => history[k] < 1e-6 * r0) + 1;

        var run = TestRuns.Solve(2, () => new Heat1DProblem(15),
            options with { Tolerance = 1e-6, ToleranceKind = ToleranceKind.Relative });

        Assert.Equal(MgritStatus.Converged, run.Result.Status);
        Assert.Equal(expected, run.Result.Iterations);
    }

    [Fact]
    public void Solve_HeatEquation_VCyclesConvergeFastAndFCyclesNeedNoMore()
    {
        var options = new MgritOptions
        {
            Steps = 256,
            StopTime = 0.5,
            MaxLevels = 5,
            CFactor = 4,
            Tolerance = 1e-10,
        };

        var v = TestRuns.Solve(2, () => new Heat1DProblem(31), options).Result;
        var f = TestRuns.Solve(2, () => new Heat1DProblem(31),
            options with { Cycle = CycleType.F }).Result;

        // FCF on backward-Euler heat: measured ≈ 0.04 per V-cycle; 0.1 leaves margin while
        // still failing for F-relaxation-like behaviour (≈ 0.3 and worse).
        double r1 = v.ResidualNorms[1]!.Value;
        double rLast = v.FinalResidualNorm!.Value;
        double averageFactor = Math.Pow(rLast / r1, 1.0 / (v.Iterations - 2));
        Assert.Equal(MgritStatus.Converged, v.Status);
        Assert.True(averageFactor < 0.1, $"average convergence factor {averageFactor}");
        Assert.Equal(MgritStatus.Converged, f.Status);
        Assert.True(f.Iterations <= v.Iterations);
    }

    [Fact]
    public void Solve_NaNFromStep_ReportsDivergedAndStops()
    {
        var options = new MgritOptions { Steps = 16, StopTime = 1.0, MaxIterations = 10 };

        var run = TestRuns.Solve(2, () => new PoisonedProblem(poisonedIndex: 9), options);

        Assert.Equal(MgritStatus.Diverged, run.Result.Status);
        Assert.Equal(2, run.Result.Iterations);
        Assert.True(double.IsNaN(run.Result.FinalResidualNorm!.Value));
    }

    [Fact]
    public void Access_VisitsEveryPointOnceAndRepeatsItself()
    {
        var options = new MgritOptions { Steps = 23, StopTime = 1.0, CFactor = 3 };
        var visits = new int[options.Steps + 1];
        var first = new double[options.Steps + 1];
        var second = new double[options.Steps + 1];

        InProcessCommunicator.Run(4, comm =>
        {
            var solver = new MgritSolver<ArrayState>(new DahlquistProblem(), comm, options);
            solver.Solve();
            solver.Access((i, u) =>
            {
                Interlocked.Increment(ref visits[i]);
                first[i] = u.Values[0];
            });
            solver.Access((i, u) => second[i] = u.Values[0]);
        });

        Assert.All(visits, count => Assert.Equal(1, count));
        Assert.Equal(first, second);
    }

    /// <summary>A problem whose initial guess is a given table of states.</summary>
    private sealed class PresetGuessProblem(ArrayStateProblem inner, double[][] guess)
        : ArrayStateProblem(inner.Length)
    {
        public override ArrayState Create(int fineIndex)
        {
            var state = new ArrayState(Length);
            guess[fineIndex].CopyTo(state.Values, 0);
            return state;
        }

        public override void Step(ArrayState u, in StepContext step) => inner.Step(u, step);
    }

    /// <summary>Dahlquist (λ = −1) with an initial value that can be changed.</summary>
    private sealed class MovableStartProblem() : ArrayStateProblem(1)
    {
        private readonly DahlquistProblem _inner = new();

        public double Start { get; set; }

        public override ArrayState Create(int fineIndex)
        {
            var state = _inner.Create(fineIndex);
            if (fineIndex == 0)
            {
                state.Values[0] = Start;
            }

            return state;
        }

        public override void Step(ArrayState u, in StepContext step) => _inner.Step(u, step);
    }

    /// <summary>Dahlquist, except that the fine step into one point returns NaN.</summary>
    private sealed class PoisonedProblem(int poisonedIndex) : ArrayStateProblem(1)
    {
        private readonly DahlquistProblem _inner = new();

        public override ArrayState Create(int fineIndex) => _inner.Create(fineIndex);

        public override void Step(ArrayState u, in StepContext step)
        {
            _inner.Step(u, step);
            if (step.Level == 0 && step.To == poisonedIndex)
            {
                u.Values[0] = double.NaN;
            }
        }
    }
}
