using System.Diagnostics;
using LayerParallel.Core;
using LayerParallel.Networks.Data;
using LayerParallel.Training.Backends;
using LayerParallel.Training.Optimizers;
using Serilog;

namespace LayerParallel.Training;

/// <summary>
/// Minibatch training with seeded shuffling, per-epoch validation, and cascadic multilevel
/// refinement (seed talk, "Multilevel Training of ResNets"; Bornemann and Deuflhard 1996).
/// </summary>
/// <remarks>
/// <para>Per level ℓ = 0 … L−1: run <see cref="TrainerOptions.Epochs"/> epochs; then, except
/// after the last level, refine the backend to 2N layers at h/2 (θ prolongated, classifier
/// kept) and reset the optimizer's state, whose shapes no longer match.</para>
/// <para>An epoch permutes the training samples with a generator seeded once from
/// <see cref="TrainerOptions.Seed"/>, so runs with the same seed see the same batches. Each
/// batch is gathered into buffers allocated once per run; the last batch of an epoch holds the
/// remainder. After every step the backend is told the parameters changed.</para>
/// <para>Collective when the backend is: every rank runs the same loop on the same batches.
/// The trainer logs one Information line per epoch with the properties <c>Epoch</c>,
/// <c>Level</c>, <c>Layers</c>, <c>Loss</c>, <c>TrainAccuracy</c>, <c>ValidationAccuracy</c>
/// and <c>WallSeconds</c>.</para>
/// </remarks>
public sealed class Trainer(TrainerOptions options, ILogger logger)
{
    /// <summary>Trains <paramref name="backend"/>'s parameters on <paramref name="training"/>,
    /// validating on <paramref name="validation"/> after every epoch.</summary>
    /// <param name="backend">Gradient backend at the initial parameters; it is refined in
    /// place by multilevel training.</param>
    /// <param name="training">Training samples.</param>
    /// <param name="validation">Validation samples.</param>
    /// <param name="optimizer">Optimizer; reset between levels.</param>
    /// <param name="epochCompleted">Called after each epoch with its metrics (e.g. to append
    /// a row to a file), or null.</param>
    /// <exception cref="ArgumentException">Data and network disagree in features or classes,
    /// or the batch size exceeds the backend's limit.</exception>
    /// <exception cref="NumericalBreakdownException">The loss became NaN or infinite.</exception>
    public TrainingResult Train(
        IGradientBackend backend,
        Dataset training,
        Dataset validation,
        IOptimizer optimizer,
        Action<EpochMetrics>? epochCompleted = null)
    {
        Check(backend, training);
        Check(backend, validation);
        if (options.BatchSize > backend.MaxBatch)
        {
            throw new ArgumentException($"batch size {options.BatchSize} exceeds the backend's"
                + $" limit {backend.MaxBatch}");
        }

        var clock = Stopwatch.StartNew();
        var buffers = new BatchBuffers(training.FeatureCount, backend.MaxBatch);
        var order = Enumerable.Range(0, training.SampleCount).ToArray();
        var random = new SeededRandom(options.Seed);
        var history = new List<EpochMetrics>();
        double initialRate = optimizer.LearningRate;
        for (int level = 0; level < options.Levels; level++)
        {
            if (level > 0)
            {
                int before = backend.Network.Layers;
                backend.Refine();
                optimizer.Reset();
                logger.Information(
                    "Level {Level}: refined from {Coarse} to {Layers} layers (h = {StepSize})",
                    level, before, backend.Network.Layers, backend.Network.StepSize);
            }

            for (int e = 0; e < options.Epochs; e++)
            {
                optimizer.LearningRate = options.LearningRate(initialRate, e);
                var metrics = RunEpoch(backend, optimizer, training, validation, order, random,
                    buffers, history.Count + 1, level, clock);
                history.Add(metrics);
                Log(metrics);
                epochCompleted?.Invoke(metrics);
            }
        }

        optimizer.LearningRate = initialRate;
        var finalTrain = Evaluate(backend, training, buffers);
        var finalValidation = history.Count > 0
            ? (history[^1].ValidationLoss, history[^1].ValidationAccuracy)
            : Evaluate(backend, validation, buffers);
        return new TrainingResult(history, finalTrain.Loss, finalTrain.Accuracy,
            finalValidation.Item1, finalValidation.Item2, backend.Network.Layers,
            clock.Elapsed.TotalSeconds);
    }

    /// <summary>Mean cross-entropy and accuracy of <paramref name="data"/> at the backend's
    /// current parameters, in batches of the backend's largest size. Collective.</summary>
    public static (double Loss, double Accuracy) Evaluate(IGradientBackend backend, Dataset data)
    {
        Check(backend, data);
        return Evaluate(backend, data, new BatchBuffers(data.FeatureCount, backend.MaxBatch));
    }

    private EpochMetrics RunEpoch(
        IGradientBackend backend,
        IOptimizer optimizer,
        Dataset training,
        Dataset validation,
        int[] order,
        SeededRandom random,
        BatchBuffers buffers,
        int epoch,
        int level,
        Stopwatch clock)
    {
        double start = clock.Elapsed.TotalSeconds;
        random.Shuffle(order);
        backend.ShareBatchOrder(order);
        var sums = new EpochSums();
        for (int first = 0, batch = 0; first < order.Length; first += options.BatchSize, batch++)
        {
            int b = Math.Min(options.BatchSize, order.Length - first);
            var (features, labels) = buffers.Gather(training, order.AsSpan(first, b));
            var result = backend.ComputeGradient(features.Span, labels.Span);
            if (!double.IsFinite(result.Objective))
            {
                throw new NumericalBreakdownException($"training diverged: loss {result.Loss},"
                    + $" regularization {result.Regularization} at epoch {epoch}, batch"
                    + $" {batch + 1}; try a smaller learning rate or final time");
            }

            optimizer.Step(backend.Parameters, backend.Gradients);
            backend.ParametersUpdated();
            sums.Add(result);
        }

        double trained = clock.Elapsed.TotalSeconds;
        var (validationLoss, validationAccuracy) = Evaluate(backend, validation, buffers);
        double now = clock.Elapsed.TotalSeconds;
        logger.Debug("Epoch {Epoch}: {Steps} steps in {TrainSeconds:F3} s, validation in"
            + " {ValidationSeconds:F3} s", epoch, (order.Length + options.BatchSize - 1)
            / options.BatchSize, trained - start, now - trained);
        return new EpochMetrics(epoch, level, backend.Network.Layers, optimizer.LearningRate,
            sums.Loss / sums.Count, sums.Regularization / sums.Count,
            sums.Correct / (double)sums.Count, validationLoss, validationAccuracy, now - start,
            now, sums.Solver());
    }

    private static (double Loss, double Accuracy) Evaluate(
        IGradientBackend backend, Dataset data, BatchBuffers buffers)
    {
        double loss = 0;
        long correct = 0;
        for (int first = 0; first < data.SampleCount; first += buffers.MaxBatch)
        {
            int b = Math.Min(buffers.MaxBatch, data.SampleCount - first);
            var (features, labels) = buffers.GatherRange(data, first, b);
            var result = backend.Evaluate(features.Span, labels.Span);
            loss += result.Loss * b;
            correct += result.Correct;
        }

        return (loss / data.SampleCount, correct / (double)data.SampleCount);
    }

    private void Log(EpochMetrics m)
    {
        if (m.Solver is { } s)
        {
            logger.Information("Epoch {Epoch} (level {Level}, {Layers} layers): loss {Loss:G5},"
                + " train accuracy {TrainAccuracy:F4}, validation accuracy"
                + " {ValidationAccuracy:F4}, {WallSeconds:F1} s, MGRIT forward"
                + " {ForwardIterations:F1} it (residual ≤ {ForwardResidual:G3}), adjoint"
                + " {AdjointIterations:F1} it (residual ≤ {AdjointResidual:G3})",
                m.Epoch, m.Level, m.Layers, m.Loss, m.TrainAccuracy, m.ValidationAccuracy,
                m.WallSeconds, s.MeanForwardIterations, s.MaxForwardResidual,
                s.MeanAdjointIterations, s.MaxAdjointResidual);
            return;
        }

        logger.Information("Epoch {Epoch} (level {Level}, {Layers} layers): loss {Loss:G5},"
            + " train accuracy {TrainAccuracy:F4}, validation accuracy {ValidationAccuracy:F4},"
            + " {WallSeconds:F1} s",
            m.Epoch, m.Level, m.Layers, m.Loss, m.TrainAccuracy, m.ValidationAccuracy,
            m.WallSeconds);
    }

    private static void Check(IGradientBackend backend, Dataset data)
    {
        var net = backend.Network;
        if (data.FeatureCount != net.Features || data.ClassCount > net.Classes)
        {
            throw new ArgumentException($"data set '{data.Name}' ({data.FeatureCount} features,"
                + $" {data.ClassCount} classes) does not fit the network ({net.Features} features,"
                + $" {net.Classes} classes)");
        }
    }
}
