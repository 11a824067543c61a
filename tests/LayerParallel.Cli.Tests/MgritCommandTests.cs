using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LayerParallel.Cli.Mgrit;

namespace LayerParallel.Cli.Tests;

/// <summary>
/// End-to-end tests of <c>layerparallel mgrit</c> as a real process, alone and under
/// <c>mpiexec -n 1, 2, 3</c>. The runs are small (tens of time steps) so that each takes about
/// a second; they run one at a time so that three ranks on two cores do not slow the others.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed partial class MgritCommandTests : IDisposable
{
    // A run here takes about a second; a slow CI machine gets far more before it counts as hung.
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(120);

    private readonly string _folder = Path.Combine(Path.GetTempPath(),
        "lp-mgrit-" + Guid.NewGuid().ToString("N"));

    public MgritCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Help_ListsEveryFlagWithItsDefault()
    {
        var run = ProgramRunner.Run(["mgrit", "--help"], timeout: RunLimit);

        Assert.True(run.ExitCode == 0, run.ToString());
        string[] required =
        [
            "problem", "nt", "tstop", "nx", "max-levels", "cf", "nu", "cwt", "tol", "max-iter",
            "skip", "fmg", "min-coarse", "initial-guess", "output", "tol-kind", "tnorm", "seed",
            "log-file", "verbose", "storage",
        ];
        foreach (var flag in required.Concat(MgritFlags.Specs.Select(s => s.Name)))
        {
            Assert.Matches($@"(?m)^  --{Regex.Escape(flag)}\b", run.Stdout);
        }

        Assert.Contains("(default: dahlquist 10, heat1d 64)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("(default: dahlquist 1, heat1d 0)", run.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  --storage cpoints\|all\b.*\(default: cpoints\)", run.Stdout);
    }

    [Fact]
    public void Mgrit_StorageAll_SameHistoryAndFinalStateAsCPoints()
    {
        // N = 63 makes u_N an F-point. Keeping every fine state moves the final F-relaxation's
        // steps from the access into the solve and changes no number: history.csv is written
        // with round-trip precision, so equal text means equal bits.
        (string History, string FinalState, string Storage) Run(string storage)
        {
            var output = Path.Combine(_folder, "storage-" + storage);
            var run = ProgramRunner.Run(["mgrit", "--problem", "heat1d", "--nt", "63",
                "--max-levels", "4", "--storage", storage, "--output", output],
                timeout: RunLimit);
            Assert.True(run.ExitCode == 0, run.ToString());
            using var result = ReadJson(Path.Combine(output, "result.json"));
            var root = result.RootElement;
            return (File.ReadAllText(Path.Combine(output, "history.csv")),
                root.GetProperty("solution").GetProperty("final_state").GetRawText(),
                root.GetProperty("options").GetProperty("storage").GetString()!);
        }

        var cPoints = Run("cpoints");
        var all = Run("all");

        Assert.Equal("cpoints", cPoints.Storage);
        Assert.Equal("all", all.Storage);
        Assert.Equal(cPoints.History, all.History);
        Assert.Equal(cPoints.FinalState, all.FinalState);
    }

    // Residual histories must agree across rank counts (the engine makes them equal bit for
    // bit; 1e-13 relative is the promise). ex-01 with 24 steps and 3 levels, and ex-02 as is.
    [MpiTheory]
    [InlineData("dahlquist", "--nt", "24", "--max-levels", "3")]
    [InlineData("heat1d")]
    [InlineData("heat1d", "--fmg", "--cwt", "1.3", "--skip", "1", "--tnorm", "inf")]
    public void Mgrit_OneTwoThreeRanks_IdenticalResidualHistories(
        string problem, params string[] flags)
    {
        var histories = new List<double[]>();
        foreach (int ranks in new[] { 1, 2, 3 })
        {
            var output = Path.Combine(_folder, $"run{ranks}");
            var run = ProgramRunner.Run(
                ["mgrit", "--problem", problem, .. flags, "--output", output], ranks, RunLimit);

            Assert.True(run.ExitCode == 0, run.ToString());
            using var result = ReadJson(Path.Combine(output, "result.json"));
            var root = result.RootElement;
            Assert.Equal("converged", root.GetProperty("status").GetString());
            Assert.Equal(ranks, root.GetProperty("ranks").GetInt32());
            var fromJson = root.GetProperty("residual_norms").EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble())
                .ToArray();
            var fromCsv = ReadHistory(Path.Combine(output, "history.csv"));
            Assert.Equal(fromCsv, fromJson);
            Assert.Equal(fromCsv.Length, root.GetProperty("iterations").GetInt32());
            Assert.Equal(fromCsv.Length, run.StdoutLines.Count(l => l.Contains(
                "MGRIT || r_", StringComparison.Ordinal)));
            histories.Add(fromCsv);
        }

        // Same rounding everywhere: 1e-13 relative (NaN marks the norm skip leaves out).
        foreach (var history in histories.Skip(1))
        {
            Assert.Equal(histories[0].Length, history.Length);
            for (int k = 0; k < history.Length; k++)
            {
                Assert.True(double.IsNaN(histories[0][k]) && double.IsNaN(history[k])
                    || Math.Abs(history[k] - histories[0][k])
                        <= 1e-13 * Math.Abs(histories[0][k]),
                    $"iteration {k}: {history[k]} vs {histories[0][k]}");
            }
        }
    }

    [Fact]
    public void Mgrit_Dahlquist_FinalValueIsTheClosedFormBackwardEulerSolution()
    {
        var output = Path.Combine(_folder, "ex01");

        var run = ProgramRunner.Run(["mgrit", "--nt", "64", "--tstop", "2", "--max-levels", "4",
            "--tol", "1e-15", "--output", output], timeout: RunLimit);

        // u_N = (1/(1 + h))^N ≈ 0.139 with h = T/N = 1/32. ‖r‖ < 1e-15 and a contractive step
        // bound the error by N·1e-15 ≈ 5e-13 relative; pow against 64 products adds a few ulps.
        Assert.True(run.ExitCode == 0, run.ToString());
        using var result = ReadJson(Path.Combine(output, "result.json"));
        var solution = result.RootElement.GetProperty("solution");
        double closedForm = Math.Pow(1.0 / (1.0 + (1.0 / 32)), 64);
        double final = solution.GetProperty("final_value").GetDouble();
        Assert.Equal(closedForm, solution.GetProperty("backward_euler_value").GetDouble());
        Assert.True(Math.Abs(final - closedForm) <= 1e-12 * closedForm, $"{final} {closedForm}");
        Assert.Equal(Math.Exp(-2.0), solution.GetProperty("exact_value").GetDouble());
    }

    [MpiFact]
    public void Mgrit_Heat1dOnTwoRanks_ErrorAtFinalTimeEqualsSequentialStepping()
    {
        // --max-levels 1 is plain time stepping (passed from rank to rank); MGRIT stops at
        // ‖r‖ < 1e-7/(√(2π/63)·√(π/32)) ≈ 1e-6, which moves u_N by far less than 1e-4 of the
        // O(1e-2) discretization error.
        double Error(string levels)
        {
            var output = Path.Combine(_folder, "heat" + levels);
            var run = ProgramRunner.Run(["mgrit", "--problem", "heat1d", "--max-levels", levels,
                "--output", output], 2, RunLimit);
            Assert.True(run.ExitCode == 0, run.ToString());
            using var result = ReadJson(Path.Combine(output, "result.json"));
            var solution = result.RootElement.GetProperty("solution");
            Assert.Equal(33, solution.GetProperty("final_state").GetArrayLength());
            return solution.GetProperty("error_norm").GetDouble();
        }

        double sequential = Error("1");
        double mgrit = Error("2");

        Assert.InRange(sequential, 1e-3, 1e-1);
        Assert.Equal(sequential, mgrit, sequential * 1e-4);
    }

    [MpiFact]
    public void Mgrit_Diverging_WritesDivergedStatusWithoutStatesAndExitsOne()
    {
        // Over-weighted C-relaxation (w = 50) makes the iteration blow up: ‖r_2‖ ≈ 4e13 against
        // ‖r_0‖ ≈ 1e3, past the default growth factor 1e8.
        var output = Path.Combine(_folder, "diverged");

        var run = ProgramRunner.Run(["mgrit", "--problem", "heat1d", "--nt", "256",
            "--max-levels", "5", "--cwt", "50", "--output", output], 2, RunLimit);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains(run.StdoutLines, l => l.Contains("MGRIT diverged after 3 iterations",
            StringComparison.Ordinal));
        using var result = ReadJson(Path.Combine(output, "result.json"));
        var root = result.RootElement;
        Assert.Equal("diverged", root.GetProperty("status").GetString());
        Assert.Equal(3, root.GetProperty("iterations").GetInt32());
        Assert.Contains("exceeds 1E+08 times the first one",
            root.GetProperty("divergence").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null,
            root.GetProperty("solution").GetProperty("final_state").ValueKind);
        Assert.Equal(3, ReadHistory(Path.Combine(output, "history.csv")).Length);
    }

    [Theory]
    [InlineData("--cf must be at least 2, got 1", "--cf", "1")]
    [InlineData("--max-levels must be in 1..64, got 0", "--max-levels", "0")]
    [InlineData("--nt must be at least 1, got 0", "--nt", "0")]
    [InlineData("--tol must be positive, got 0", "--tol", "0")]
    [InlineData("--tol must be positive, got -1", "--tol", "-1")]
    [InlineData("unknown value for --problem: 'burgers'", "--problem", "burgers")]
    [InlineData("--skip must be 0 or 1, got 2", "--skip", "2")]
    [InlineData("unknown value for --tnorm: '3'", "--tnorm", "3")]
    [InlineData("unknown value for --storage: 'fpoints'", "--storage", "fpoints")]
    [InlineData("--cwt must be positive, got 0", "--cwt", "0")]
    [InlineData("--nx applies to --problem heat1d only", "--nx", "17")]
    [InlineData("--nx must be at least 3, got 2", "--problem", "heat1d", "--nx", "2")]
    [InlineData("--initial-guess random needs --problem heat1d", "--initial-guess", "random")]
    [InlineData("malformed number for --nt: 'ten'", "--nt", "ten")]
    [InlineData("unknown flag --levels", "--levels", "3")]
    public void Mgrit_BadFlag_ExitsTwoWithOneErrorLine(string problem, params string[] flags)
    {
        AssertUsageError(ProgramRunner.Run(["mgrit", .. flags], timeout: RunLimit), problem);
    }

    [MpiTheory]
    [InlineData(2, "--cf must be at least 2, got 1", "--cf", "1")]
    [InlineData(3, "unknown value for --problem: 'burgers'", "--problem", "burgers")]
    [InlineData(3, "3 ranks but only 2 time points (--nt 1)", "--nt", "1")]
    [InlineData(2, "cannot write to output folder /proc/no-such-folder", "--output",
        "/proc/no-such-folder")]
    public void Mgrit_BadConfigurationUnderMpiexec_EveryRankExitsTwoWithOneErrorLine(
        int ranks, string problem, params string[] flags)
    {
        // The launcher's exit code is 2 only if every rank exits with 2; rank 0 alone prints.
        AssertUsageError(ProgramRunner.Run(["mgrit", .. flags], ranks, RunLimit), problem);
    }

    private static void AssertUsageError(RunResult run, string problem)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), run.Stderr + run.Stdout);
    }

    // history.csv: iteration,residual_norm; an empty norm (not computed) reads as NaN.
    private static double[] ReadHistory(string path)
    {
        var rows = File.ReadAllLines(path);
        Assert.Equal(MgritRunOutput.HistoryHeader, rows[0]);
        return [.. rows.Skip(1).Select((row, k) =>
        {
            var cells = row.Split(',');
            Assert.Equal(k.ToString(CultureInfo.InvariantCulture), cells[0]);
            return cells[1].Length == 0
                ? double.NaN
                : double.Parse(cells[1], CultureInfo.InvariantCulture);
        })];
    }

    private static JsonDocument ReadJson(string path) => JsonDocument.Parse(File.ReadAllText(path));

    [GeneratedRegex(@"(?m)^\s+at \S+")]
    private static partial Regex StackFrame();
}
