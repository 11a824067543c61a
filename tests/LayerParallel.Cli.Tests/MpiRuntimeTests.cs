using System.Text.RegularExpressions;
using LayerParallel.Mpi;

namespace LayerParallel.Cli.Tests;

/// <summary>
/// The MPI runtime through the real program: library detection, rank discovery, and the
/// communicator's round trips on 1–3 ranks checked against values every rank can predict.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed partial class MpiRuntimeTests
{
    // A missing library: no system has a file of this name.
    private const string NoSuchLibrary = "liblayerparallel-no-such-mpi.so.99";

    [Fact]
    public void FindProblem_MissingMpich_NamesTheLibraryAndTheFix()
    {
        var problem = MpiLibrary.FindProblem(NoSuchLibrary, NoSuchLibrary + ".40", _ => null);

        Assert.NotNull(problem);
        Assert.Contains($"{NoSuchLibrary} was not found", problem);
        Assert.Contains("apt-get install mpich", problem);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void FindProblem_OnlyOpenMpiInstalled_RefusesOpenMpi()
    {
        // libc stands in for an Open MPI library that loads while MPICH does not.
        var problem = MpiLibrary.FindProblem(NoSuchLibrary, "libc.so.6", _ => null);

        Assert.NotNull(problem);
        Assert.Contains("found Open MPI (libc.so.6) but not MPICH", problem);
    }

    [Fact]
    public void FindProblem_StartedByOpenMpiLauncher_RefusesOpenMpi()
    {
        var problem = MpiLibrary.FindProblem(
            MpiLibrary.MpichLibrary, MpiLibrary.OpenMpiLibrary,
            name => name == "OMPI_COMM_WORLD_SIZE" ? "2" : null);

        Assert.NotNull(problem);
        Assert.Contains("Open MPI's mpirun", problem);
        Assert.Contains("mpiexec.mpich", problem);
    }

    [MpiFact]
    public void FindProblem_MpichInstalled_FindsNone()
    {
        Assert.Null(MpiLibrary.FindProblem());
    }

    [MpiFact]
    public void MpiInfo_TwoRanks_ReportsBothRanksWithTheirOwnProcesses()
    {
        var run = ProgramRunner.Run(["mpi-info"], ranks: 2);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("ranks: 2", run.StdoutLines);
        Assert.Matches(@"^MPI library: MPICH \d+\.\d+", run.StdoutLines[0]);
        var pids = run.StdoutLines.Select(l => RankLine().Match(l)).Where(m => m.Success).ToList();
        Assert.Equal(["0", "1"], pids.Select(m => m.Groups["rank"].Value));
        Assert.Equal(Environment.MachineName, pids[0].Groups["host"].Value, ignoreCase: true);
        Assert.NotEqual(pids[0].Groups["pid"].Value, pids[1].Groups["pid"].Value);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [MpiFact]
    public void MpiInfo_PlainProcess_IsAOneRankJob()
    {
        var run = ProgramRunner.Run(["mpi-info"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("ranks: 1", run.StdoutLines);
        Assert.Single(run.StdoutLines, l => RankLine().IsMatch(l));
    }

    [MpiTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SelfTest_RoundTrips_MatchTheValuesEveryRankPredicts(int ranks)
    {
        var run = ProgramRunner.Run(["selftest", "--length", "257"], ranks);

        Assert.True(run.ExitCode == 0, run.ToString());
        int sum = ranks * (ranks + 1) / 2;
        Assert.Contains($"allreduce-sum: ok (sum of rank+1 = {sum})", run.StdoutLines);
        Assert.Contains($"allreduce-max: ok (max rank = {ranks - 1})", run.StdoutLines);
        Assert.Contains($"broadcast: ok (from rank {ranks - 1})", run.StdoutLines);
        foreach (var check in new[] { "p2p", "ring", "barrier", "allocation" })
        {
            Assert.Contains(run.StdoutLines, l => l.StartsWith($"{check}: ok", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(run.StdoutLines, l => l.Contains("FAILED", StringComparison.Ordinal));
        Assert.Equal(string.Empty, run.Stderr);
    }

    [MpiFact]
    public void SelfTest_FailRankOutsideTheJob_IsACollectiveInputError()
    {
        var run = ProgramRunner.Run(
            ["selftest", "--skip-checks", "--fail", "throw", "--fail-rank", "5"], ranks: 2);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["error: --fail-rank 5 is not a rank of this 2-rank job"], run.StderrLines);
    }

    [GeneratedRegex(@"^rank (?<rank>\d+): (?<host>\S+) \(pid (?<pid>\d+)\)$")]
    private static partial Regex RankLine();
}
