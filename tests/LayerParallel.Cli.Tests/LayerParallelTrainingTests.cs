using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LayerParallel.Cli.Tests;

/// <summary>
/// The layer-parallel backend under real <c>mpiexec</c>: gradients against serial backprop,
/// rank-count independence of inexact gradients, training accuracy, and failures.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class LayerParallelTrainingTests : IDisposable
{
    /// <summary>Issue requirement for converged MGRIT against serial backprop.</summary>
    private const double ConvergedTolerance = 1e-9;

    /// <summary>Same operations on any rank count; only the last bits may differ.</summary>
    private const double RankIndependenceTolerance = 1e-12;

    /// <summary>How soon the other ranks must be gone after one rank failed.</summary>
    private static readonly TimeSpan QuickEnd = TimeSpan.FromSeconds(15);

    private readonly string _dir = Directory.CreateTempSubdirectory("lp-parallel-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string, int> Networks()
    {
        var data = new TheoryData<string, string, int>();
        foreach (int ranks in new[] { 1, 2, 3 })
        {
            data.Add("resnet", "euler", ranks);
            data.Add("resnet", "rk4", ranks);
            data.Add("antisymmetric", "ab3", ranks);
            data.Add("hamiltonian", "verlet", ranks);
        }

        return data;
    }

    [MpiTheory]
    [MemberData(nameof(Networks))]
    public void GradientCheck_ConvergedMgrit_EqualsSerialBackprop(
        string network, string integrator, int ranks)
    {
        var json = GradientCheck(ranks, "--network", network, "--integrator", integrator,
            "--fwd-iters", "60", "--bwd-iters", "60", "--fwd-tol", "1e-14", "--bwd-tol", "1e-14");

        Assert.InRange(json.GetProperty("objective_relative_difference").GetDouble(), 0,
            ConvergedTolerance);
        Assert.InRange(json.GetProperty("gradient_relative_difference").GetDouble(), 0,
            ConvergedTolerance);
    }

    [MpiFact]
    public void GradientCheck_FixedIterations_SameOnOneTwoThreeRanks()
    {
        string[] inexact = ["--fwd-iters", "2", "--bwd-iters", "1", "--fwd-tol", "0", "--bwd-tol", "0"];
        var one = GradientCheck(1, inexact);
        double reference = one.GetProperty("gradient_relative_difference").GetDouble();
        Assert.True(reference > 1e-8, $"two iterations already match serial ({reference})");
        foreach (int ranks in new[] { 2, 3 })
        {
            var run = GradientCheck(ranks, inexact);
            Assert.Equal(one.GetProperty("objective").GetDouble(),
                run.GetProperty("objective").GetDouble(),
                RankIndependenceTolerance * Math.Abs(one.GetProperty("objective").GetDouble()));
            // The distance to the serial gradient is a fingerprint of the inexact gradient.
            Assert.Equal(reference, run.GetProperty("gradient_relative_difference").GetDouble(),
                RankIndependenceTolerance + (1e-6 * reference));
        }
    }

    [MpiFact]
    public void Train_PeaksWithMgritOnTwoRanks_ReachesValidationAccuracy090()
    {
        string output = Path.Combine(_dir, "peaks");
        var run = ProgramRunner.Run(
            ["train", "--dataset", "peaks", "--backend", "mgrit", "--output", output], ranks: 2,
            timeout: TimeSpan.FromMinutes(8));

        Assert.True(run.ExitCode == 0, run.ToString());
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json")));
        double accuracy = result.RootElement.GetProperty("validation_accuracy").GetDouble();
        Assert.True(accuracy >= 0.90, $"validation accuracy {accuracy}\n{run}");
        Assert.Contains("MGRIT forward", run.Stdout, StringComparison.Ordinal);
        var mgrit = result.RootElement.GetProperty("mgrit");
        Assert.InRange(mgrit.GetProperty("forward_iterations").GetDouble(), 1, 2);
        Assert.True(mgrit.GetProperty("forward_residual").GetDouble() >= 0);
        Assert.InRange(mgrit.GetProperty("adjoint_iterations").GetDouble(), 1, 2);
    }

    [MpiFact]
    public void Train_OverflowingLoss_StopsEveryRankWithOneMessage()
    {
        var run = ProgramRunner.Run(
            ["train", "--dataset", "peaks", "--backend", "mgrit", "--learning-rate", "1e30",
                "--activation", "relu", "--optimizer", "sgd", "--epochs", "3", "--samples", "400"],
            ranks: 3, timeout: TimeSpan.FromMinutes(2));

        Assert.NotEqual(0, run.ExitCode);
        var errors = run.StderrLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal))
            .ToList();
        Assert.True(errors.Count == 1, run.ToString());
        Assert.Matches("diverged|loss is", errors[0]);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [MpiFact]
    public void Train_OneRankKilled_EveryOtherRankExitsNonZeroQuickly()
    {
        string marker = Path.Combine(_dir, $"kill-{Environment.ProcessId}");
        var info = new ProcessStartInfo(ProgramRunner.Launcher!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-n", "3", "dotnet", ProgramRunner.ProgramDll, "train",
                     "--dataset", "peaks", "--backend", "mgrit", "--epochs", "500",
                     "--output", marker })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var job = Process.Start(info)!;
        job.BeginOutputReadLine();
        job.BeginErrorReadLine();
        try
        {
            // Wait until training runs (metrics.csv has its first epoch), then kill rank 1.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            string metrics = Path.Combine(marker, "metrics.csv");
            while (DateTime.UtcNow < deadline
                   && !(File.Exists(metrics) && File.ReadAllLines(metrics).Length >= 2))
            {
                Thread.Sleep(100);
            }

            var ranks = ProcessesWith(marker);
            Assert.True(ranks.Count == 3, $"expected 3 rank processes, found {ranks.Count}");
            Process.GetProcessById(ranks[1]).Kill();
            var clock = Stopwatch.StartNew();
            bool ended = job.WaitForExit(QuickEnd);
            Assert.True(ended, "the job still runs after one rank was killed");
            Assert.NotEqual(0, job.ExitCode);
            Assert.True(clock.Elapsed < QuickEnd, $"took {clock.Elapsed}");
            Thread.Sleep(500);
            Assert.Empty(ProcessesWith(marker));
        }
        finally
        {
            if (!job.HasExited)
            {
                job.Kill(entireProcessTree: true);
            }

            foreach (int pid in ProcessesWith(marker))
            {
                Process.GetProcessById(pid).Kill();
            }
        }
    }

    [Fact]
    public void Train_Interrupted_ResultJsonSaysSo()
    {
        string output = Path.Combine(_dir, "interrupted");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { ProgramRunner.ProgramDll, "train", "--dataset", "peaks",
                     "--epochs", "5000", "--output", output })
        {
            info.ArgumentList.Add(a);
        }

        using var run = Process.Start(info)!;
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            string metrics = Path.Combine(output, "metrics.csv");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (DateTime.UtcNow < deadline
                   && !(File.Exists(metrics) && File.ReadAllLines(metrics).Length >= 2))
            {
                Thread.Sleep(100);
            }

            using (var kill = Process.Start("kill", ["-INT", $"{run.Id}"]))
            {
                kill.WaitForExit();
            }

            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(20)), "SIGINT did not end the run");
            Assert.NotEqual(0, run.ExitCode);
            using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json")));
            Assert.Equal("interrupted", result.RootElement.GetProperty("status").GetString());
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }
        }
    }

    private JsonElement GradientCheck(int ranks, params string[] flags)
    {
        string file = Path.Combine(_dir, $"check-{Guid.NewGuid():N}.json");
        string[] common = ["gradient-check", "--dataset", "peaks", "--samples", "200",
            "--batch-size", "25", "--layers", "12", "--width", "4", "--final-time", "2",
            "--max-levels", "3", "--cf", "2", "--weight-decay", "1e-3", "--smoothness", "1e-2",
            "--output", file];
        var run = ProgramRunner.Run([.. common, .. flags], ranks);
        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(ranks, doc.RootElement.GetProperty("ranks").GetInt32());
        return doc.RootElement.Clone();
    }

    // The rank processes of one job: dotnet running the program with the marker argument
    // (not mpiexec, whose arguments hold the same words).
    private static List<int> ProcessesWith(string marker) =>
        ProcessTable.Find(command => command.Contains(marker)
            && command[0].EndsWith("dotnet", StringComparison.Ordinal)
            && command.Any(c => c.EndsWith("layerparallel.dll", StringComparison.Ordinal)));
}
