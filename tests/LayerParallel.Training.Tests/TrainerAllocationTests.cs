using LayerParallel.Networks.Data;
using LayerParallel.Training.Backends;
using LayerParallel.Training.Optimizers;
using Serilog;

namespace LayerParallel.Training.Tests;

public sealed class TrainerAllocationTests
{
    private static readonly ILogger Silent = new LoggerConfiguration().CreateLogger();

    [Fact]
    public void Train_FourTimesMoreBatches_AllocatesNoMore()
    {
        // The same run with batches of 8 instead of 32 takes 100 minibatch steps instead of 26;
        // per-epoch objects (metrics, log events) are the same in both. The two measured equal;
        // 4 KB of slack for runtime noise is still less than one 56-byte object per extra step.
        var config = new TrainConfig { Samples = 500, Layers = 4, Width = 4, Epochs = 2 };
        var data = DatasetLoader.Load(config);
        Measure(config, data, batch: 8);

        long small = Measure(config, data, batch: 8);
        long large = Measure(config, data, batch: 32);

        Assert.True(small - large < 4096, $"batch 8: {small} B, batch 32: {large} B");
    }

    private static long Measure(TrainConfig config, DatasetSplit data, int batch)
    {
        var network = config.ToNetworkConfig(2, 5);
        using var backend = GradientBackendFactory.Create(
            new BackendContext(config, network, 64, Silent));
        var trainer = new Trainer(config.ToTrainerOptions() with { BatchSize = batch }, Silent);
        var optimizer = new Adam(0.01);
        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.Train(backend, data.Training, data.Validation, optimizer);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
