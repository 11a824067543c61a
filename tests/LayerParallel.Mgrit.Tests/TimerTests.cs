using LayerParallel.Core.Communication;
using LayerParallel.Mgrit.Problems;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace LayerParallel.Mgrit.Tests;

/// <summary>The per-level timers and step counts of <see cref="MgritResult.LevelTimes"/>.</summary>
public sealed class TimerTests
{
    private static readonly MgritOptions Options = new()
    {
        Steps = 64,
        StopTime = 1.0,
        MaxLevels = 3,
        CFactor = 4,
        MaxIterations = 3,
        Tolerance = 0.0,
        ToleranceKind = ToleranceKind.Absolute,
        SkipFirstDownCycle = false,
        TimeSteps = true,
    };

    [Fact]
    public void Solve_LevelTimes_CountEveryStepAndNestInsideTheWallTime()
    {
        var results = InProcessCommunicator.Run(2, comm =>
            new MgritSolver<ArrayState>(new Heat1DProblem(8), comm, Options).Solve());

        foreach (var r in results)
        {
            Assert.Equal(r.Levels, r.LevelTimes.Count);
            Assert.Equal(r.LocalSteps, r.LevelTimes.Sum(t => t.Steps));
            double phases = r.LevelTimes.Sum(t => t.RelaxSeconds + t.RestrictSeconds)
                + r.LevelTimes[^1].InterpolateSeconds;
            Assert.True(phases <= r.WallTime.TotalSeconds, $"{phases} > {r.WallTime}");
            Assert.All(r.LevelTimes, t => Assert.True(t.StepSeconds >= 0 && t.WaitSeconds >= 0));
            Assert.All(r.LevelTimes.Skip(1), t => Assert.Equal(0.0, t.ReductionSeconds));
        }
    }

    [Fact]
    public void Solve_TwoLevelsNoSkip_StepCountsFollowTheCycle()
    {
        // One rank, N = 16, m = 4, 2 levels, FCF, one iteration: level 0 relaxes (12 F + 4 C
        // steps), restricts (12 F + 4 residual steps); level 1 gets Φ_c(v) at its 4 points and
        // the coarse solve (4 steps). Access is not part of the solve.
        var options = Options with { Steps = 16, MaxLevels = 2, MaxIterations = 1 };

        var result = TestRuns.Solve(1, () => new Heat1DProblem(4), options).Result;

        Assert.Equal([32L, 8L], result.LevelTimes.Select(t => t.Steps));
        Assert.Null(TestRuns.Solve(1, () => new Heat1DProblem(4),
            options with { TimeSteps = false }).Result.LevelTimes[0].StepSeconds);
    }

    [Fact]
    public void Solve_LogsOneDebugLinePerLevelAndRank()
    {
        var sink = new ListSink();
        var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink)
            .CreateLogger();

        InProcessCommunicator.Run(2, comm =>
            new MgritSolver<ArrayState>(new Heat1DProblem(8), comm, Options, logger).Solve());

        var levelLines = sink.Events.Where(e => e.Level == LogEventLevel.Debug
            && e.Properties.ContainsKey("Level") && e.Properties.ContainsKey("WaitSeconds"));
        Assert.Equal(["0:0", "0:1", "0:2", "1:0", "1:1", "1:2"],
            levelLines.Select(e => $"{e.Properties["Rank"]}:{e.Properties["Level"]}").Order());
    }

    private sealed class ListSink : ILogEventSink
    {
        private readonly List<LogEvent> _events = [];

        public IReadOnlyList<LogEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void Emit(LogEvent logEvent)
        {
            lock (_events)
            {
                _events.Add(logEvent);
            }
        }
    }
}
