using LayerParallel.Core.Communication;
using LayerParallel.Mgrit.Problems;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace LayerParallel.Mgrit.Tests;

public sealed class LoggingTests
{
    [Fact]
    public void Solve_LogsOneXBraidStyleLinePerIterationFromRankZero()
    {
        var sink = new ListSink();
        var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        var options = new MgritOptions
        {
            Steps = 24,
            StopTime = 12.0,
            MaxLevels = 2,
            NRelax = 2,
            LevelNRelax = new Dictionary<int, int> { [0] = 1 },
            MaxIterations = 2,
            Tolerance = 1e-6,
            ToleranceKind = ToleranceKind.Absolute,
        };

        InProcessCommunicator.Run(3, comm =>
            new MgritSolver<ArrayState>(new DahlquistProblem(), comm, options, logger).Solve());

        var lines = sink.Events.Where(e => e.Properties.ContainsKey("Iteration"))
            .Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("MGRIT || r_0 || not available", lines[0]);
        Assert.StartsWith("MGRIT || r_1 || = 2.851112e-02, conv factor = 1.00e+00", lines[1]);
        var computed = sink.Events.Single(e => e.Properties.ContainsKey("ResidualNorm"));
        Assert.True(computed.Properties.ContainsKey("ConvergenceFactor")
            && computed.Properties.ContainsKey("WallSeconds"));
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
