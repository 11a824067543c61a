using System.Diagnostics;

namespace LayerParallel.Cli.Tests;

/// <summary>
/// The program's failure policy on real processes: one <c>error:</c> line, the documented exit
/// code, no stack trace unless asked, and no rank left waiting when another one fails.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class ProgramTests
{
    // A failed job must end in seconds; the limit leaves room for a busy 2-core machine.
    private static readonly TimeSpan QuickEnd = TimeSpan.FromSeconds(30);

    [Fact]
    public void NoArguments_PrintsUsageAndExits2()
    {
        var run = ProgramRunner.Run([]);

        Assert.Equal(Program.UsageError, run.ExitCode);
        Assert.StartsWith("usage: layerparallel COMMAND", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsCommandsAndDiagnosticsApart()
    {
        var run = ProgramRunner.Run(["--help"]);

        Assert.Equal(0, run.ExitCode);
        var lines = run.StdoutLines.ToList();
        int diagnostics = lines.IndexOf("diagnostics:");
        int mpiInfo = lines.FindIndex(l => l.StartsWith("mpi-info ", StringComparison.Ordinal));
        int selfTest = lines.FindIndex(l => l.StartsWith("selftest ", StringComparison.Ordinal));
        Assert.True(mpiInfo >= 0 && mpiInfo < diagnostics, run.ToString());
        Assert.True(selfTest > diagnostics, run.ToString());
    }

    [Fact]
    public void UnknownCommand_OneErrorLineAndExit2()
    {
        var run = ProgramRunner.Run(["frobnicate"]);

        Assert.Equal(Program.UsageError, run.ExitCode);
        Assert.Equal(
            ["error: unknown command 'frobnicate' (try: layerparallel --help)"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void UnknownFlag_OneErrorLineAndExit2WithoutStackTrace()
    {
        var run = ProgramRunner.Run(["mpi-info", "--bogus"]);

        Assert.Equal(Program.UsageError, run.ExitCode);
        Assert.Equal(["error: unknown flag --bogus (see --help)"], run.StderrLines);
    }

    [MpiFact]
    public void UnknownFlag_UnderMpiexec_IsPrintedOnceAndEveryRankExits2()
    {
        var run = ProgramRunner.Run(["selftest", "--bogus"], ranks: 3);

        Assert.Equal(Program.UsageError, run.ExitCode);
        Assert.Equal(["error: unknown flag --bogus (see --help)"], run.StderrLines);
    }

    [Fact]
    public void OpenMpiLauncher_IsRefusedWithOneLine()
    {
        var openMpi = new Dictionary<string, string?>
        {
            ["OMPI_COMM_WORLD_SIZE"] = "1",
            ["OMPI_COMM_WORLD_RANK"] = "0",
        };

        var run = ProgramRunner.Run(["mpi-info"], openMpi);

        Assert.Equal(Program.UsageError, run.ExitCode);
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith(
            "error: this job was started by Open MPI's mpirun", line, StringComparison.Ordinal);
    }

    [MpiFact]
    public void ExceptionOnOneRank_AbortsTheJobWithOneLineNamingTheRank()
    {
        var (run, elapsed) = Timed(Inject("throw", 1), ranks: 3);

        Assert.Equal(Program.RunFailure, run.ExitCode);
        Assert.Equal(
            ["error: rank 1: selftest: injected failure on rank 1 (InvalidOperationException)"],
            run.StderrLines);
        Assert.True(elapsed < QuickEnd, $"took {elapsed}");
    }

    [MpiFact]
    public void ExceptionWithVerbose_AddsTheStackTrace()
    {
        var run = ProgramRunner.Run(Inject("throw", 0, "--verbose"), ranks: 2);

        Assert.Equal(Program.RunFailure, run.ExitCode);
        Assert.StartsWith(
            "error: rank 0: selftest: injected failure", run.StderrLines[0], StringComparison.Ordinal);
        Assert.Contains(
            run.StderrLines, l => l.StartsWith("at LayerParallel.Cli.", StringComparison.Ordinal));
    }

    [MpiFact]
    public void FailAlone_AbortsEveryRankWithItsExitCode()
    {
        var (run, elapsed) = Timed(Inject("abort", 2), ranks: 3);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(
            ["error: rank 2: selftest: injected failure of this rank alone"], run.StderrLines);
        Assert.True(elapsed < QuickEnd, $"took {elapsed}");
    }

    [MpiFact]
    public void RankKilledWithSigkill_EndsTheJobNonZeroQuickly()
    {
        var (run, elapsed) = Timed(Inject("kill", 1), ranks: 2);

        Assert.NotEqual(0, run.ExitCode);
        Assert.True(elapsed < QuickEnd, $"took {elapsed}");
    }

    [MpiFact]
    public void InputErrorOnEveryRank_AfterMpiStarted_IsPrintedOnceAndExits2()
    {
        var run = ProgramRunner.Run(Inject("input", 0), ranks: 3);

        Assert.Equal(Program.UsageError, run.ExitCode);
        Assert.Equal(["error: selftest: injected input error on every rank"], run.StderrLines);
    }

    [MpiFact]
    public void InputErrorOnOneRank_AfterMpiStarted_AbortsWith2AndNamesTheRank()
    {
        var (run, elapsed) = Timed(Inject("input-one", 1, "--error-timeout", "2"), ranks: 2);

        Assert.Equal(Program.UsageError, run.ExitCode);
        Assert.Equal(
            ["error: rank 1: selftest: injected input error on rank 1 only"], run.StderrLines);
        Assert.True(elapsed < QuickEnd, $"took {elapsed}");
    }

    [MpiFact]
    public void InputErrorOnOneRank_BeforeMpiStarted_StillEndsTheJob()
    {
        // The other ranks wait in MPI_Init, where the launcher alone would never release them.
        var (run, elapsed) = Timed(
            Inject("input-one", 1, "--before-mpi", "--error-timeout", "2"), ranks: 3);

        Assert.Equal(Program.UsageError, run.ExitCode);
        Assert.Equal(
            ["error: rank 1: selftest: injected input error on rank 1 only"], run.StderrLines);
        Assert.True(elapsed < QuickEnd, $"took {elapsed}");
    }

    [MpiFact]
    public void ExceptionOnOneRank_BeforeMpiStarted_AbortsTheJob()
    {
        var (run, elapsed) = Timed(Inject("throw", 2, "--before-mpi"), ranks: 3);

        Assert.Equal(Program.RunFailure, run.ExitCode);
        Assert.Equal(
            ["error: rank 2: selftest: injected failure on rank 2 (InvalidOperationException)"],
            run.StderrLines);
        Assert.True(elapsed < QuickEnd, $"took {elapsed}");
    }

    [MpiFact]
    public void InputErrorOnEveryRank_BeforeMpiStarted_IsPrintedOnce()
    {
        var run = ProgramRunner.Run(Inject("input", 0, "--before-mpi"), ranks: 3);

        Assert.Equal(Program.UsageError, run.ExitCode);
        Assert.Equal(["error: selftest: injected input error on every rank"], run.StderrLines);
    }

    [MpiFact]
    public void Runner_Timeout_KillsEveryProcessOfTheJobAndSaysSo()
    {
        // Rank 1 waits 60 s for the others, rank 0 waits for rank 1: a hang the runner must end.
        string marker = $"{4000 + Random.Shared.Next(1000)}";
        var args = Inject("input-one", 1, "--length", marker, "--error-timeout", "60");

        var error = Assert.Throws<TimeoutException>(
            () => ProgramRunner.Run(args, ranks: 2, timeout: TimeSpan.FromSeconds(5)));

        Assert.Contains("did not finish within 5 s", error.Message);
        Assert.Empty(SurvivorsAfter(TimeSpan.FromSeconds(10), "selftest", marker));
    }

    // selftest flags that inject a failure on one rank without running the checks first.
    private static string[] Inject(string mode, int rank, params string[] more) =>
        ["selftest", "--skip-checks", "--fail", mode, "--fail-rank", $"{rank}", .. more];

    private static (RunResult Run, TimeSpan Elapsed) Timed(string[] args, int ranks)
    {
        var clock = Stopwatch.StartNew();
        var run = ProgramRunner.Run(args, ranks);
        return (run, clock.Elapsed);
    }

    // A SIGKILLed process stays visible until the kernel has torn it down: poll a while.
    private static List<int> SurvivorsAfter(TimeSpan patience, params string[] words)
    {
        var clock = Stopwatch.StartNew();
        var left = ProcessTable.WithArguments(words);
        while (left.Count > 0 && clock.Elapsed < patience)
        {
            Thread.Sleep(100);
            left = ProcessTable.WithArguments(words);
        }

        return left;
    }
}
