using System.Globalization;
using System.Text.Json;
using LayerParallel.Networks.Data;
using LayerParallel.Training;

namespace LayerParallel.Cli.Training;

/// <summary>
/// The output folder of a training run, written as the run goes so that a failure loses
/// nothing: <c>metrics.csv</c> gets a row per epoch and is flushed each time;
/// <c>result.json</c> is written at the start (<c>"status": "running"</c>), replaced at the end
/// (<c>"completed"</c>) or on a failure (<c>"failed"</c> with the error). Only rank 0 creates
/// one.
/// </summary>
public sealed class RunOutput : IDisposable
{
    /// <summary>Columns of <c>metrics.csv</c>.</summary>
    public const string MetricsHeader = "epoch,level,layers,learning_rate,loss,regularization,"
        + "train_accuracy,validation_loss,validation_accuracy,epoch_seconds,wall_seconds,"
        + "fwd_iters,fwd_residual,bwd_iters,bwd_residual";

    private readonly string _folder;
    private readonly TrainConfig _config;
    private readonly DatasetSplit _data;
    private readonly StreamWriter _metrics;
    private readonly string _started = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture);

    private RunOutput(string folder, TrainConfig config, DatasetSplit data)
    {
        _folder = folder;
        _config = config;
        _data = data;
        _metrics = new StreamWriter(Path.Combine(folder, "metrics.csv"), append: false);
        _metrics.WriteLine(MetricsHeader);
        _metrics.Flush();
        WriteResult("running", null, null);
    }

    private readonly object _resultGate = new();

    /// <summary>Creates <paramref name="folder"/> (if needed) and starts both files.</summary>
    public static RunOutput Start(string folder, TrainConfig config, DatasetSplit data)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return new RunOutput(folder, config, data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Core.InputException($"cannot write to output folder {folder}: {e.Message}",
                e);
        }
    }

    /// <summary>Appends and flushes the row of one epoch.</summary>
    public void AppendEpoch(EpochMetrics m)
    {
        var s = m.Solver;
        string[] cells =
        [
            Cell(m.Epoch), Cell(m.Level), Cell(m.Layers), Cell(m.LearningRate), Cell(m.Loss),
            Cell(m.Regularization),
            Cell(m.TrainAccuracy), Cell(m.ValidationLoss), Cell(m.ValidationAccuracy),
            Cell(m.EpochSeconds), Cell(m.WallSeconds),
            s is null ? string.Empty : Cell(s.MeanForwardIterations),
            s is null ? string.Empty : Cell(s.MaxForwardResidual),
            s is null ? string.Empty : Cell(s.MeanAdjointIterations),
            s is null ? string.Empty : Cell(s.MaxAdjointResidual),
        ];
        _metrics.WriteLine(string.Join(',', cells));
        _metrics.Flush();
    }

    /// <summary>Writes the final <c>result.json</c>.</summary>
    public void Complete(TrainingResult result) => WriteResult("completed", result, null);

    /// <summary>Records a failure in <c>result.json</c>.</summary>
    public void Fail(Exception error) => WriteResult("failed", null, error);

    /// <summary>Records that the run was stopped by a signal (Ctrl-C, or a launcher's SIGTERM).</summary>
    public void Interrupt(string signal) =>
        WriteResult("interrupted", null, new OperationCanceledException($"stopped by {signal}"));

    /// <inheritdoc />
    public void Dispose() => _metrics.Dispose();

    private void WriteResult(string status, TrainingResult? result, Exception? error)
    {
        lock (_resultGate)
        {
            WriteResultFile(status, result, error);
        }
    }

    private void WriteResultFile(string status, TrainingResult? result, Exception? error)
    {
        var path = Path.Combine(_folder, "result.json");
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("status", status);
            if (result is not null)
            {
                Number(json, "train_accuracy", result.TrainAccuracy);
                Number(json, "validation_accuracy", result.ValidationAccuracy);
                Number(json, "final_loss", result.TrainLoss);
                Number(json, "validation_loss", result.ValidationLoss);
                Number(json, "wall_seconds", result.WallSeconds);
                json.WriteNumber("epochs", result.Epochs.Count);
                json.WriteNumber("final_layers", result.Layers);
                WriteSolverStatistics(json, result);
            }

            if (error is not null)
            {
                json.WriteString("error", $"{error.GetType().Name}: {error.Message}");
            }

            json.WriteString("started_utc", _started);
            json.WriteNumber("training_samples", _data.Training.SampleCount);
            json.WriteNumber("validation_samples", _data.Validation.SampleCount);
            json.WriteNumber("features", _data.Training.FeatureCount);
            json.WriteNumber("classes", _data.Training.ClassCount);
            json.WriteStartObject("config");
            foreach (var (name, value) in TrainOptions.Describe(_config))
            {
                Scalar(json, name, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        File.Move(temporary, path, overwrite: true);
    }

    // MGRIT iterations and residual norms: the last epoch's, and one entry per epoch.
    private static void WriteSolverStatistics(Utf8JsonWriter json, TrainingResult result)
    {
        var epochs = result.Epochs.Where(e => e.Solver is not null).ToList();
        if (epochs.Count == 0)
        {
            return;
        }

        var last = epochs[^1].Solver!;
        json.WriteStartObject("mgrit");
        Number(json, "forward_iterations", last.MeanForwardIterations);
        Number(json, "forward_residual", last.MaxForwardResidual);
        Number(json, "adjoint_iterations", last.MeanAdjointIterations);
        Number(json, "adjoint_residual", last.MaxAdjointResidual);
        json.WriteStartArray("per_epoch");
        foreach (var e in epochs)
        {
            json.WriteStartObject();
            json.WriteNumber("epoch", e.Epoch);
            Number(json, "forward_iterations", e.Solver!.MeanForwardIterations);
            Number(json, "forward_residual", e.Solver.MaxForwardResidual);
            Number(json, "adjoint_iterations", e.Solver.MeanAdjointIterations);
            Number(json, "adjoint_residual", e.Solver.MaxAdjointResidual);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Scalar(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case string s: json.WriteString(name, s); break;
            case bool b: json.WriteBoolean(name, b); break;
            case int i: json.WriteNumber(name, i); break;
            case long l: json.WriteNumber(name, l); break;
            case double d: Number(json, name, d); break;
            default: json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Cell(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Cell(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
