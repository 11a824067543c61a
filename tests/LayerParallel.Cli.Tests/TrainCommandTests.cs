using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using LayerParallel.Cli.Training;
using LayerParallel.Networks.Data;
using LayerParallel.Training;

namespace LayerParallel.Cli.Tests;

/// <summary>End-to-end tests of <c>layerparallel train</c> as a real process.</summary>
public sealed partial class TrainCommandTests : IDisposable
{
    // A test run of the default peaks training takes about 2 s here; a slow CI machine gets
    // far more before it counts as hung.
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(120);

    private readonly string _folder = Path.Combine(Path.GetTempPath(),
        "lp-train-" + Guid.NewGuid().ToString("N"));

    public TrainCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Train_PeaksWithDefaults_ReachesNinetyPercentValidationAccuracy()
    {
        var output = Path.Combine(_folder, "run");

        var run = ProgramRunner.Run(["train", "--dataset", "peaks", "--output", output],
            timeout: RunLimit);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var result = ReadJson(Path.Combine(output, "result.json"));
        var root = result.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("validation_accuracy").GetDouble() >= 0.90, run.ToString());
        Assert.InRange(root.GetProperty("train_accuracy").GetDouble(), 0.0, 1.0);
        Assert.True(root.GetProperty("final_loss").GetDouble() > 0);
        Assert.True(root.GetProperty("wall_seconds").GetDouble() > 0);
        Assert.Equal("peaks", root.GetProperty("config").GetProperty("dataset").GetString());

        // One progress line and one metrics row per epoch.
        int epochs = new TrainConfig().Epochs;
        Assert.Equal(epochs,
            run.StdoutLines.Count(l => l.Contains("Epoch ", StringComparison.Ordinal)));
        var rows = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        Assert.Equal(RunOutput.MetricsHeader, rows[0]);
        Assert.Equal(epochs + 1, rows.Length);
        Assert.StartsWith($"{epochs},0,", rows[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsEveryFlagWithItsDefault()
    {
        var run = ProgramRunner.Run(["train", "--help"], timeout: RunLimit);

        Assert.Equal(0, run.ExitCode);
        string[] required =
        [
            "dataset", "data-dir", "network", "integrator", "layers", "width", "final-time",
            "activation", "optimizer", "epochs", "batch-size", "learning-rate", "seed",
            "multilevel", "output", "config", "samples", "validation-fraction", "weight-decay",
            "smoothness", "momentum", "log-file", "verbose", "backend", "fwd-iters", "bwd-iters",
            "fwd-tol", "bwd-tol", "max-levels", "cf", "nu", "train-samples",
        ];
        foreach (var flag in required.Concat(TrainOptions.Specs.Select(s => s.Name)))
        {
            Assert.Matches($@"(?m)^  --{Regex.Escape(flag)}\b", run.Stdout);
        }

        Assert.Contains("(default: 16)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("euler|verlet|ab3|rk4", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown flag --bogus", "--bogus")]
    [InlineData("malformed number for --layers: 'abc'", "--layers", "abc")]
    [InlineData("malformed number for --final-time", "--final-time", "1..5")]
    [InlineData("--layers must be at least 1, got 0", "--layers", "0")]
    [InlineData("--width must be at least 1, got -3", "--width", "-3")]
    [InlineData("--final-time must be positive, got 0", "--final-time", "0")]
    [InlineData("--final-time must be positive, got -1", "--final-time", "-1")]
    [InlineData("unknown value for --integrator: 'leapfrog'", "--integrator", "leapfrog")]
    [InlineData("--integrator verlet needs --network hamiltonian", "--integrator", "verlet")]
    [InlineData("--batch-size must be at least 1", "--batch-size", "0")]
    [InlineData("data file not found: /nonexistent/points.txt", "--dataset",
        "/nonexistent/points.txt")]
    [InlineData("data file not found: /nonexistent/train-images-idx3-ubyte.gz", "--dataset",
        "fashion-mnist", "--data-dir", "/nonexistent")]
    [InlineData("config file not found: /nonexistent.json", "--config", "/nonexistent.json")]
    [InlineData("unknown data set 'peakz' (expected peaks, ellipses", "--dataset", "peakz")]
    public void Train_BadFlag_ExitsTwoWithOneErrorLine(string problem, params string[] flags)
    {
        AssertUsageError(ProgramRunner.Run(["train", .. flags], timeout: RunLimit), problem);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Train_WrongIdxMagic_NamesMagicNumberAndFile(bool gzip)
    {
        var dir = WriteFashionMnist(gzip, trainImages: Images(count: 4, magic: 2049));
        var file = Path.Combine(dir, "train-images-idx3-ubyte" + (gzip ? ".gz" : string.Empty));

        var run = ProgramRunner.Run(["train", "--dataset", "fashion-mnist", "--data-dir", dir],
            timeout: RunLimit);

        AssertUsageError(run, $"wrong IDX magic number 2049 in {file}");
    }

    [Fact]
    public void Train_TruncatedIdx_NamesTruncationAndFile()
    {
        var dir = WriteFashionMnist(gzip: true, trainImages: Images(count: 4)[..100]);

        var run = ProgramRunner.Run(["train", "--dataset", "fashion-mnist", "--data-dir", dir],
            timeout: RunLimit);

        AssertUsageError(run,
            "truncated IDX file " + Path.Combine(dir, "train-images-idx3-ubyte.gz"));
    }

    [Fact]
    public void Train_IdxLabelOutOfRange_NamesLabelAndFile()
    {
        var dir = WriteFashionMnist(gzip: false, trainLabels: Labels([1, 2, 12, 3]));

        var run = ProgramRunner.Run(["train", "--dataset", "fashion-mnist", "--data-dir", dir],
            timeout: RunLimit);

        AssertUsageError(run, "label 12 out of range [0, 10) in "
            + Path.Combine(dir, "train-labels-idx1-ubyte"));
    }

    [Theory]
    [InlineData("1 2\n3 NaN\n1 1\n", "0\n1\n0\n", "NaN in features: {features} line 2")]
    [InlineData("1 2\n3 4 5\n1 1\n", "0\n1\n0\n", "feature-count mismatch in {features}")]
    [InlineData("1 2\n3 4\n1 1\n", "0\n-2\n0\n", "label -2 out of range")]
    [InlineData("1 2\n3 4\n1 1\n", "0\n1\n", "{labels} has 2 labels but {features} has 3")]
    public void Train_BadTextData_NamesProblemAndFile(string features, string labels,
        string problem)
    {
        var featuresFile = Path.Combine(_folder, "features.txt");
        var labelsFile = Path.Combine(_folder, "labels.txt");
        File.WriteAllText(featuresFile, features);
        File.WriteAllText(labelsFile, labels);

        var run = ProgramRunner.Run(["train", "--dataset", _folder], timeout: RunLimit);

        AssertUsageError(run, problem.Replace("{features}", featuresFile, StringComparison.Ordinal)
            .Replace("{labels}", labelsFile, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"layers\": 4,,}", "unreadable config JSON {file}: ',' is an invalid")]
    [InlineData("{\"layers\": 4\n  \"width\": 2}", "(line 2, column 3)")]
    [InlineData("[1, 2]", "unreadable config JSON {file}: expected an object")]
    [InlineData("{\"layer\": 4}", "unknown key 'layer' in config {file}")]
    [InlineData("{\"layers\": [4]}", "value of 'layers' in config {file} must be")]
    [InlineData("{\"layers\": 0}", "--layers must be at least 1, got 0")]
    [InlineData("{\"epochs\": 2.5}", "malformed number for --epochs: '2.5'")]
    public void Train_BadConfigFile_NamesFileAndProblem(string json, string problem)
    {
        var file = Path.Combine(_folder, "config.json");
        File.WriteAllText(file, json);

        var run = ProgramRunner.Run(["train", "--config", file], timeout: RunLimit);

        AssertUsageError(run, problem.Replace("{file}", file, StringComparison.Ordinal));
    }

    [Fact]
    public void Train_ConfigFileAndFlags_FlagsWinAndResultRecordsBoth()
    {
        var file = Path.Combine(_folder, "config.json");
        File.WriteAllText(file, """
            {
              // comments and trailing commas are accepted
              "layers": 4, "width": 6, "epochs": 5, "samples": 300,
              "integrator": "rk4", "schedule": "constant", "verbose": false,
            }
            """);
        var output = Path.Combine(_folder, "run");

        var run = ProgramRunner.Run(["train", "--config", file, "--epochs", "2", "--output",
            output], timeout: RunLimit);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var result = ReadJson(Path.Combine(output, "result.json"));
        var config = result.RootElement.GetProperty("config");
        Assert.Equal(4, config.GetProperty("layers").GetInt32());
        Assert.Equal(6, config.GetProperty("width").GetInt32());
        Assert.Equal(2, config.GetProperty("epochs").GetInt32());
        Assert.Equal("rk4", config.GetProperty("integrator").GetString());
        Assert.Equal(240, result.RootElement.GetProperty("training_samples").GetInt32());
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);
    }

    [Fact]
    public void Train_ResultJsonAsConfig_ReproducesTheRunExactly()
    {
        var first = Path.Combine(_folder, "first");
        var second = Path.Combine(_folder, "second");
        var run1 = ProgramRunner.Run(["train", "--epochs", "3", "--layers", "4", "--multilevel",
            "2", "--seed", "7", "--output", first], timeout: RunLimit);
        Assert.True(run1.ExitCode == 0, run1.ToString());

        var run2 = ProgramRunner.Run(["train", "--config", Path.Combine(first, "result.json"),
            "--output", second], timeout: RunLimit);

        Assert.True(run2.ExitCode == 0, run2.ToString());
        Assert.Equal(MetricsWithoutTimes(first), MetricsWithoutTimes(second));
        Assert.Equal(6, MetricsWithoutTimes(second).Count);

        // Without --output the repeat writes nothing, and never into the first run's folder.
        var firstResult = File.ReadAllText(Path.Combine(first, "result.json"));
        var run3 = ProgramRunner.Run(["train", "--config", Path.Combine(first, "result.json")],
            timeout: RunLimit);
        Assert.True(run3.ExitCode == 0, run3.ToString());
        Assert.Equal(firstResult, File.ReadAllText(Path.Combine(first, "result.json")));
    }

    [Fact]
    public void Train_TextDataSet_TrainsOnUserFiles()
    {
        // Two well separated blobs, comma-separated, with one-hot labels.
        var data = Path.Combine(_folder, "blobs");
        Directory.CreateDirectory(data);
        var random = new SeededRandom(3);
        var features = new List<string>();
        var labels = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            int c = i % 2;
            features.Add($"{(4 * c) + random.NextGaussian():R},{random.NextGaussian():R}");
            labels.Add(c == 0 ? "1 0" : "0 1");
        }

        File.WriteAllLines(Path.Combine(data, "features.txt"), features);
        File.WriteAllLines(Path.Combine(data, "labels.txt"), labels);
        var output = Path.Combine(_folder, "run");

        var run = ProgramRunner.Run(["train", "--dataset", data, "--epochs", "5", "--output",
            output], timeout: RunLimit);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var result = ReadJson(Path.Combine(output, "result.json"));
        Assert.Equal(160, result.RootElement.GetProperty("training_samples").GetInt32());
        Assert.Equal(2, result.RootElement.GetProperty("classes").GetInt32());

        // Blobs 4 standard deviations apart: the Bayes error is Φ(−2) ≈ 2 %.
        Assert.True(result.RootElement.GetProperty("validation_accuracy").GetDouble() >= 0.9);
    }

    [Fact]
    public void RunOutput_Failure_KeepsRowsAndRecordsTheError()
    {
        var output = Path.Combine(_folder, "failed");
        var data = PeaksData.Generate(20, 1).Split(0.5, 1);
        using (var run = RunOutput.Start(output, new TrainConfig(), data))
        {
            run.AppendEpoch(new EpochMetrics(1, 0, 16, 0.01, 1.5, 0, 0.25, 1.4, 0.3, 0.1, 0.1,
                null));
            run.Fail(new InvalidOperationException("boom"));
        }

        using var result = ReadJson(Path.Combine(output, "result.json"));
        Assert.Equal("failed", result.RootElement.GetProperty("status").GetString());
        Assert.Equal("InvalidOperationException: boom",
            result.RootElement.GetProperty("error").GetString());
        Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);
    }

    [FashionMnistFact]
    public void Train_InstalledFashionMnistSubset_ReadsRealIdxFilesAndLearns()
    {
        var output = Path.Combine(_folder, "fashion");

        var run = ProgramRunner.Run(["train", "--dataset", "fashion-mnist", "--train-samples",
            "2000", "--validation-samples", "1000", "--width", "32", "--layers", "4", "--epochs",
            "5", "--learning-rate", "0.002", "--output", output], timeout: RunLimit);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var result = ReadJson(Path.Combine(output, "result.json"));
        var root = result.RootElement;
        Assert.Equal(2000, root.GetProperty("training_samples").GetInt32());
        Assert.Equal(1000, root.GetProperty("validation_samples").GetInt32());
        Assert.Equal(784, root.GetProperty("features").GetInt32());
        Assert.Equal(10, root.GetProperty("classes").GetInt32());

        // Measured 0.826 on 2 000 training images; chance is 0.1.
        Assert.True(root.GetProperty("validation_accuracy").GetDouble() >= 0.75, run.ToString());
    }

    [MpiFact]
    public void Train_UnderMpiexec_OnlyRankZeroWritesFiles()
    {
        var output = Path.Combine(_folder, "mpi");

        var run = ProgramRunner.Run(["train", "--epochs", "2", "--samples", "400", "--output",
            output, "--log-file", Path.Combine(_folder, "train.log")], ranks: 2,
            timeout: RunLimit);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);
        Assert.Equal(2, run.StdoutLines.Count(l => l.Contains("Epoch ", StringComparison.Ordinal)));
        Assert.Equal(["metrics.csv", "result.json"],
            Directory.GetFiles(output).Select(Path.GetFileName).Order());
    }

    private static void AssertUsageError(RunResult run, string problem)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), run.Stderr + run.Stdout);
    }

    private static List<string> MetricsWithoutTimes(string folder) =>
        File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Skip(1)
            .Select(row => string.Join(',', row.Split(',').Take(9)))
            .ToList();

    private static JsonDocument ReadJson(string path) => JsonDocument.Parse(File.ReadAllText(path));

    private string WriteFashionMnist(bool gzip, byte[]? trainImages = null,
        byte[]? trainLabels = null)
    {
        var dir = Path.Combine(_folder, "idx");
        Directory.CreateDirectory(dir);
        string suffix = gzip ? ".gz" : string.Empty;
        Write(Path.Combine(dir, "train-images-idx3-ubyte" + suffix), trainImages ?? Images(4), gzip);
        Write(Path.Combine(dir, "train-labels-idx1-ubyte" + suffix),
            trainLabels ?? Labels([0, 1, 2, 3]), gzip);
        Write(Path.Combine(dir, "t10k-images-idx3-ubyte" + suffix), Images(4), gzip);
        Write(Path.Combine(dir, "t10k-labels-idx1-ubyte" + suffix), Labels([3, 2, 1, 0]), gzip);
        return dir;
    }

    private static byte[] Images(int count, int magic = 2051)
    {
        var bytes = new byte[16 + (count * 28 * 28)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 28);
        for (int i = 16; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        return bytes;
    }

    private static byte[] Labels(byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 2049);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    private static void Write(string path, byte[] bytes, bool gzip)
    {
        using var file = File.Create(path);
        if (gzip)
        {
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            file.Write(bytes);
        }
    }

    [GeneratedRegex(@"(?m)^\s+at \S+")]
    private static partial Regex StackFrame();

    /// <summary>A fact that needs Debian's <c>dataset-fashion-mnist</c> files; skipped
    /// without them.</summary>
    private sealed class FashionMnistFactAttribute : FactAttribute
    {
        public FashionMnistFactAttribute()
        {
            var probe = Path.Combine(FashionMnist.DefaultDirectory, "train-images-idx3-ubyte.gz");
            if (!File.Exists(probe))
            {
                Skip = $"needs Fashion-MNIST in {FashionMnist.DefaultDirectory}"
                    + " (apt-get install dataset-fashion-mnist)";
            }
        }
    }
}
