using LayerParallel.Networks.Data;
using LayerParallel.Training.Backends;
using LayerParallel.Training.Optimizers;
using Serilog;

namespace LayerParallel.Training.Tests;

public sealed class TrainerDeterminismTests
{
    private static readonly ILogger Silent = new LoggerConfiguration().CreateLogger();

    [Theory]
    [InlineData(OptimizerKind.Adam, 1)]
    [InlineData(OptimizerKind.Sgd, 2)]
    public void Train_SameSeedTwice_GivesBitwiseIdenticalMetricsAndWeights(
        OptimizerKind optimizer, int levels)
    {
        var config = new TrainConfig
        {
            Samples = 400, Layers = 4, Width = 6, Epochs = 3, BatchSize = 16, Seed = 11,
            Optimizer = optimizer, Multilevel = levels, WeightDecay = 1e-4, Smoothness = 1e-3,
        };

        var (first, firstWeights) = Run(config);
        var (second, secondWeights) = Run(config);
        var (other, _) = Run(config with { Seed = 12 });

        Assert.Equal(Numbers(first), Numbers(second));
        Assert.Equal(firstWeights, secondWeights);
        Assert.NotEqual(Numbers(first), Numbers(other));
        Assert.Equal(3 * levels, first.Epochs.Count);
    }

    private static (TrainingResult Result, double[] Weights) Run(TrainConfig config)
    {
        var data = DatasetLoader.Load(config);
        var network = config.ToNetworkConfig(data.Training.FeatureCount, data.Training.ClassCount);
        using var backend = GradientBackendFactory.Create(
            new BackendContext(config, network, 64, Silent));
        var optimizer = OptimizerFactory.Create(config.Optimizer, config.LearningRate,
            config.Momentum);
        var result = new Trainer(config.ToTrainerOptions(), Silent)
            .Train(backend, data.Training, data.Validation, optimizer);
        return (result, backend.Parameters.SelectMany(p => p).ToArray());
    }

    // Everything but the wall times, which legitimately differ.
    private static double[] Numbers(TrainingResult r) => r.Epochs
        .SelectMany(m => new[]
        {
            m.LearningRate, m.Loss, m.Regularization, m.TrainAccuracy, m.ValidationLoss,
            m.ValidationAccuracy,
        })
        .Concat([r.TrainLoss, r.TrainAccuracy, r.ValidationLoss, r.ValidationAccuracy])
        .ToArray();
}
