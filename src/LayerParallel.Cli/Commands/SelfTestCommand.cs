using System.Diagnostics;
using LayerParallel.Cli.Options;
using LayerParallel.Core;
using LayerParallel.Core.Communication;

namespace LayerParallel.Cli.Commands;

/// <summary>
/// <c>layerparallel selftest</c> (diagnostic): round trips of every communicator operation with
/// values each rank can predict, then optionally an injected failure on one rank while the
/// others wait for it, to show that the job ends instead of hanging.
/// </summary>
/// <remarks>
/// Rank 0 prints one line per check: <c>NAME: ok (detail)</c> or <c>NAME: FAILED (...)</c>.
/// </remarks>
public sealed class SelfTestCommand : ICommand
{
    /// <summary>Exit code of <see cref="SelfTestFailure.Abort"/>, unlike the usual codes.</summary>
    public const int InjectedAbortCode = 3;

    private static readonly OptionSpec[] Specs =
    [
        new("length", "N", "1000", "doubles per message"),
        new("fail", "MODE", "none", "none|throw|abort|kill|input|input-one"),
        new("fail-rank", "R", "1", "the rank that fails (throw, abort, kill, input-one)"),
        new("error-timeout", "S", "10", "seconds a rank waits for the others on an input error"),
        new("skip-checks", null, null, "inject the failure without running the checks"),
        new("before-mpi", null, null, "inject the failure before MPI starts (throw, input*)"),
        new("verbose", null, null, "stack traces on errors"),
        new("help", null, null, "show this help"),
    ];

    /// <inheritdoc/>
    public string Name => "selftest";

    /// <inheritdoc/>
    public string Summary => "check MPI round trips and the failure handling (diagnostic)";

    /// <inheritdoc/>
    public int Run(IReadOnlyList<string> args, CommandContext context)
    {
        var options = ParsedOptions.Parse(args, Specs);
        if (options.GetSwitch("help"))
        {
            if (CommandContext.LauncherRank == 0)
            {
                var usage = "layerparallel selftest [flags]";
                Console.WriteLine(ParsedOptions.Help(usage, Summary, Specs));
            }

            return 0;
        }

        int length = options.GetInt("length", 1000);
        var failure = options.GetEnum("fail", SelfTestFailure.None);
        int failRank = options.GetInt("fail-rank", 1);
        double timeout = options.GetDouble("error-timeout", 10);
        if (length < 1 || failRank < 0 || timeout <= 0)
        {
            throw new InputException("--length must be ≥ 1, --fail-rank ≥ 0, --error-timeout > 0");
        }

        Runtime.CollectiveErrorTimeout = TimeSpan.FromSeconds(timeout);
        if (options.GetSwitch("before-mpi"))
        {
            InjectBeforeMpi(failure, failRank);
        }

        var comm = context.Communicator;
        if (failure != SelfTestFailure.None && failRank >= comm.Size)
        {
            throw new InputException(
                $"--fail-rank {failRank} is not a rank of this {comm.Size}-rank job");
        }

        int failedChecks = options.GetSwitch("skip-checks") ? 0 : RunChecks(comm, length);
        Inject(failure, failRank, context);
        return failedChecks == 0 ? 0 : Program.RunFailure;
    }

    private static int RunChecks(ICommunicator comm, int length)
    {
        Report(comm, $"selftest on {comm.Size} rank(s), {length} doubles per message");
        int failed = 0;
        failed += Check(comm, "p2p", PairExchange(comm, length), comm.Size > 1
            ? $"blocking send/receive between rank pairs"
            : "skipped on one rank");
        failed += Check(comm, "ring", Ring(comm, length), "non-blocking send/receive to the right");
        int sum = comm.Size * (comm.Size + 1) / 2;
        int max = comm.Size - 1;
        failed += Check(comm, "allreduce-sum", ReduceSum(comm, length, sum), $"sum of rank+1 = {sum}");
        failed += Check(comm, "allreduce-max", ReduceMax(comm, length), $"max rank = {max}");
        failed += Check(comm, "broadcast", Broadcast(comm, length), $"from rank {comm.Size - 1}");
        comm.Barrier();
        failed += Check(comm, "barrier", 0, "all ranks arrived");
        failed += CheckAllocation(comm, length);
        return failed;
    }

    // Blocking calls must not allocate per call: measure a warm loop on this thread.
    private static int CheckAllocation(ICommunicator comm, int length)
    {
        const int Rounds = 100;
        const long BytesPerRoundAllowed = 8;
        var buffer = new double[length];
        var reduced = new double[length];
        Exchange(comm, buffer, reduced);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < Rounds; round++)
        {
            Exchange(comm, buffer, reduced);
        }

        var bytes = new[] { (double)(GC.GetAllocatedBytesForCurrentThread() - before) };
        comm.AllreduceMax(bytes);
        bool ok = bytes[0] <= BytesPerRoundAllowed * Rounds;
        Report(comm, $"allocation: {(ok ? "ok" : "FAILED")} ({bytes[0]} bytes in {Rounds} rounds " +
            "of send/receive, allreduce, broadcast, barrier)");
        return ok ? 0 : 1;
    }

    private static void Exchange(ICommunicator comm, double[] buffer, double[] reduced)
    {
        int partner = comm.Rank ^ 1;
        var tag = MessageTag.For(MessageKind.User, channel: 4);
        if (partner < comm.Size)
        {
            if (comm.Rank % 2 == 0)
            {
                comm.Send(buffer, partner, tag);
                comm.Receive(buffer, partner, tag);
            }
            else
            {
                comm.Receive(buffer, partner, tag);
                comm.Send(buffer, partner, tag);
            }
        }

        comm.AllreduceSum(reduced);
        comm.AllreduceMax(reduced);
        comm.Broadcast(buffer, 0);
        comm.Barrier();
    }

    // Every check returns this rank's count of wrong values; the sum over ranks decides.
    private static int Check(ICommunicator comm, string name, int wrongHere, string detail)
    {
        var wrong = new[] { (double)wrongHere };
        comm.AllreduceSum(wrong);
        Report(comm, wrong[0] == 0
            ? $"{name}: ok ({detail})"
            : $"{name}: FAILED ({wrong[0]} wrong values)");
        return wrong[0] == 0 ? 0 : 1;
    }

    private static void Report(ICommunicator comm, string line)
    {
        if (comm.Rank == 0)
        {
            Console.WriteLine(line);
        }
    }

    // Value i of the message that rank r sends: unique per (r, i) and exact in a double.
    private static double Payload(int rank, int i) => (rank * 1_000_003.0) + i;

    private static double[] Filled(int rank, int length)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = Payload(rank, i);
        }

        return values;
    }

    private static int Mismatches(double[] values, Func<int, double> expected)
    {
        int wrong = 0;
        for (int i = 0; i < values.Length; i++)
        {
            wrong += values[i] == expected(i) ? 0 : 1;
        }

        return wrong;
    }

    // Ranks 2k and 2k+1 swap messages: the even one sends first, the odd one receives first.
    private static int PairExchange(ICommunicator comm, int length)
    {
        int partner = comm.Rank ^ 1;
        if (partner >= comm.Size)
        {
            return 0;
        }

        var tag = MessageTag.For(MessageKind.User, channel: 1);
        var outgoing = Filled(comm.Rank, length);
        var incoming = new double[length];
        if (comm.Rank % 2 == 0)
        {
            comm.Send(outgoing, partner, tag);
            comm.Receive(incoming, partner, tag);
        }
        else
        {
            comm.Receive(incoming, partner, tag);
            comm.Send(outgoing, partner, tag);
        }

        return Mismatches(incoming, i => Payload(partner, i));
    }

    // Each rank posts a receive from the left, sends to the right, and polls until done.
    private static int Ring(ICommunicator comm, int length)
    {
        int right = (comm.Rank + 1) % comm.Size;
        int left = (comm.Rank + comm.Size - 1) % comm.Size;
        var tag = MessageTag.For(MessageKind.User, channel: 2);
        var outgoing = Filled(comm.Rank, length);
        var incoming = new double[length];
        var receive = comm.ImmediateReceive(incoming, left, tag);
        var send = comm.ImmediateSend(outgoing, right, tag);
        while (!receive.Test())
        {
            Thread.Yield();
        }

        send.Wait();
        return Mismatches(incoming, i => Payload(left, i));
    }

    // Σ_r (r+1)(i+1) = S (i+1) with S = P(P+1)/2.
    private static int ReduceSum(ICommunicator comm, int length, int sum)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (comm.Rank + 1.0) * (i + 1);
        }

        comm.AllreduceSum(values);
        return Mismatches(values, i => (double)sum * (i + 1));
    }

    // max_r r·(i mod 7 + 1) − i = (P−1)(i mod 7 + 1) − i.
    private static int ReduceMax(ICommunicator comm, int length)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (comm.Rank * ((i % 7) + 1.0)) - i;
        }

        comm.AllreduceMax(values);
        return Mismatches(values, i => ((comm.Size - 1) * ((i % 7) + 1.0)) - i);
    }

    private static int Broadcast(ICommunicator comm, int length)
    {
        int root = comm.Size - 1;
        var values = comm.Rank == root ? Filled(root, length) : new double[length];
        if (comm.Rank != root)
        {
            Array.Fill(values, double.NaN);
        }

        comm.Broadcast(values, root);
        return Mismatches(values, i => Payload(root, i));
    }

    // Before MPI: only the launcher's rank number is known; the other ranks go on, start MPI,
    // and wait in Inject for the rank that failed.
    private static void InjectBeforeMpi(SelfTestFailure failure, int failRank)
    {
        bool here = CommandContext.LauncherRank == failRank;
        switch (failure)
        {
            case SelfTestFailure.Input:
                throw new InputException("selftest: injected input error on every rank");
            case SelfTestFailure.InputOne when here:
                throw new InputException($"selftest: injected input error on rank {failRank} only");
            case SelfTestFailure.Throw when here:
                throw new InvalidOperationException(
                    $"selftest: injected failure on rank {failRank}");
            case SelfTestFailure.Abort or SelfTestFailure.Kill:
                throw new InputException("--before-mpi works with throw, input and input-one");
        }
    }

    // The failing rank fails; every other rank waits for a message from it that never comes.
    private static void Inject(SelfTestFailure failure, int failRank, CommandContext context)
    {
        var comm = context.Communicator;
        if (failure == SelfTestFailure.None)
        {
            return;
        }

        if (failure == SelfTestFailure.Input)
        {
            throw new InputException("selftest: injected input error on every rank");
        }

        if (comm.Rank != failRank)
        {
            comm.Receive(new double[1], failRank, MessageTag.For(MessageKind.User, channel: 3));
            throw new InvalidOperationException("selftest: the failing rank sent a message");
        }

        // Let the others block in their receive first.
        Thread.Sleep(200);
        switch (failure)
        {
            case SelfTestFailure.Throw:
                throw new InvalidOperationException(
                    $"selftest: injected failure on rank {failRank}");
            case SelfTestFailure.Abort:
                context.FailAlone(
                    InjectedAbortCode, "selftest: injected failure of this rank alone");
                break;
            case SelfTestFailure.Kill:
                Console.Out.Flush();
                using (var self = Process.GetCurrentProcess())
                {
                    self.Kill();
                }

                Thread.Sleep(Timeout.Infinite);
                break;
            case SelfTestFailure.InputOne:
                throw new InputException($"selftest: injected input error on rank {failRank} only");
        }
    }
}
