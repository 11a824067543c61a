using System.Diagnostics;
using LayerParallel.Cli.Mgrit;
using LayerParallel.Core;
using LayerParallel.Core.Communication;
using LayerParallel.Mgrit;
using LayerParallel.Mgrit.Problems;
using Serilog;

namespace LayerParallel.Cli.Commands;

/// <summary>
/// <c>layerparallel mgrit</c>: solves XBraid's ex-01 (dahlquist) or ex-02 (heat1d) test problem
/// with MGRIT on every rank of the job, logs one line per iteration from rank 0, and writes
/// <c>history.csv</c> and <c>result.json</c> (rank 0) when <c>--output</c> is given.
/// </summary>
/// <remarks>
/// Flags are validated before MPI starts; more ranks than time points, and an output folder
/// rank 0 cannot write, are found right after and reported by every rank alike (exit 2).
/// A diverged solve writes its outputs and exits with 1 on every rank.
/// </remarks>
public sealed class MgritCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "mgrit";

    /// <inheritdoc/>
    public string Summary => "solve XBraid's ex-01/ex-02 test problem with MGRIT, parallel in time";

    /// <inheritdoc/>
    public int Run(IReadOnlyList<string> args, CommandContext context)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            if (CommandContext.LauncherRank == 0)
            {
                Console.WriteLine(MgritFlags.Help());
            }

            return 0;
        }

        var config = MgritFlags.Parse(args);
        var comm = context.Communicator;
        config.CheckRanks(comm.Size);
        PrepareOutput(config, comm);
        var logger = context.CreateLogger(comm.Rank, config.LogFile, config.Verbose);
        try
        {
            return Solve(config, comm, logger);
        }
        finally
        {
            (logger as IDisposable)?.Dispose();
        }
    }

    // Rank 0 creates the folder; every rank learns the outcome, so all fail alike. Collective.
    private static void PrepareOutput(MgritRunConfig config, ICommunicator comm)
    {
        if (config.Output is null)
        {
            return;
        }

        string? problem = comm.Rank == 0 ? MgritRunOutput.Prepare(config.Output) : null;
        var failed = new[] { problem is null ? 0.0 : 1.0 };
        comm.Broadcast(failed, 0);
        if (failed[0] != 0.0)
        {
            throw new InputException(problem ?? $"rank 0 cannot write to {config.Output}");
        }
    }

    private static int Solve(MgritRunConfig config, ICommunicator comm, ILogger logger)
    {
        var clock = Stopwatch.StartNew();
        var problem = config.CreateProblem();
        var solver = new MgritSolver<ArrayState>(problem, comm, config.ToSolverOptions(), logger);
        var result = solver.Solve();
        bool diverged = result.Status == MgritStatus.Diverged;
        var finalState = diverged ? null : FinalState(solver, config, comm, problem.Length);
        double wall = clock.Elapsed.TotalSeconds;
        var summary = new MgritRunSummary(result, comm.Size, MaxOverRanks(wall, comm),
            MaxOverRanks(result.WallTime.TotalSeconds, comm), config.StoppingTolerance,
            result.DivergenceReason,
            GatherTimes(result, comm), finalState, SolutionChecks(config, finalState));
        if (comm.Rank == 0 && config.Output is not null)
        {
            MgritRunOutput.Write(config.Output, config, summary);
        }

        Report(config, summary, comm.Rank, logger);
        return diverged ? Program.RunFailure : 0;
    }

    // u_N through Access (XBraid's final F-relaxation and access, collective), then from its
    // owner to every rank.
    private static double[] FinalState(
        MgritSolver<ArrayState> solver, MgritRunConfig config, ICommunicator comm, int length)
    {
        var state = new double[length];
        solver.Access((i, u) =>
        {
            if (i == config.Steps)
            {
                u.Values.CopyTo(state, 0);
            }
        });
        int owner = Partition.Block(config.Steps, comm.Size).OwnerOf(config.Steps);
        comm.Broadcast(state, owner);
        return state;
    }

    private static double MaxOverRanks(double value, ICommunicator comm)
    {
        var values = new[] { value };
        comm.AllreduceMax(values);
        return values[0];
    }

    // Every rank's per-level times, through one sum in which each rank fills its own slots.
    private static MgritLevelTimes[][] GatherTimes(MgritResult result, ICommunicator comm)
    {
        const int fields = 7;
        int levels = result.Levels;
        var all = new double[comm.Size * levels * fields];
        for (int l = 0; l < levels; l++)
        {
            var t = result.LevelTimes[l];
            double[] mine =
            [
                t.Steps, t.StepSeconds ?? double.NaN, t.RelaxSeconds, t.RestrictSeconds,
                t.InterpolateSeconds, t.WaitSeconds, t.ReductionSeconds,
            ];
            mine.CopyTo(all, ((comm.Rank * levels) + l) * fields);
        }

        comm.AllreduceSum(all);
        return [.. Enumerable.Range(0, comm.Size).Select(r => Enumerable.Range(0, levels)
            .Select(l =>
            {
                var v = all.AsSpan(((r * levels) + l) * fields, fields);
                return new MgritLevelTimes(l, (long)v[0], double.IsNaN(v[1]) ? null : v[1],
                    v[2], v[3], v[4], v[5], v[6]);
            }).ToArray())];
    }

    // u_N against closed forms: dahlquist's backward-Euler value (1/(1 + h))^N and e^{−T};
    // heat1d's L2 error against sin(x)cos(T), as ex-02 prints it.
    private static (string, double)[] SolutionChecks(MgritRunConfig config, double[]? final)
    {
        if (final is null)
        {
            return [];
        }

        double t = config.StopTime;
        if (config.Problem == MgritProblemKind.Heat1D)
        {
            var heat = new XBraidHeat1DProblem(final.Length);
            var u = new ArrayState(final.Length);
            final.CopyTo(u.Values, 0);
            return [("error_norm", heat.ErrorNorm(u, t))];
        }

        double h = t / config.Steps;
        return
        [
            ("final_value", final[0]),
            ("backward_euler_value", Math.Pow(1.0 / (1.0 + h), config.Steps)),
            ("exact_value", Math.Exp(-t)),
        ];
    }

    private static void Report(MgritRunConfig config, MgritRunSummary s, int rank, ILogger log)
    {
        if (rank != 0)
        {
            return;
        }

        var r = s.Result;
        string where = config.Output is null ? string.Empty : $"; wrote {config.Output}";
        if (r.Status == MgritStatus.Diverged)
        {
            log.Error("MGRIT diverged after {Iterations} iterations: {Reason}{Where}",
                r.Iterations, s.Divergence, where);
            return;
        }

        if (r.Status == MgritStatus.Sequential)
        {
            log.Information("Done: sequential time stepping, ranks: {Ranks}, {WallSeconds:F3} s"
                + "{Where}", s.Ranks, s.WallSeconds, where);
            return;
        }

        log.Information("Done: {Status} after {Iterations} iterations, ||r|| = "
            + "{ResidualNorm:0.000000e+00}, levels: {Levels}, ranks: {Ranks}, {WallSeconds:F3} s"
            + "{Where}",
            MgritRunOutput.StatusName(r.Status), r.Iterations, r.FinalResidualNorm, r.Levels,
            s.Ranks, s.WallSeconds, where);
    }
}
