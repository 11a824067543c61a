using LayerParallel.Core;
using LayerParallel.Networks.Data;
using LayerParallel.Training.Optimizers;
using Serilog;

namespace LayerParallel.Training.Tests;

public sealed class TrainerTests
{
    // Sums of at most 10 small integers divided once: exact up to one rounding.
    private const double SumTolerance = 1e-12;

    private static readonly ILogger Silent = new LoggerConfiguration().CreateLogger();

    [Fact]
    public void Train_EachEpochVisitsEverySampleOnceInColumnLayout()
    {
        var (training, validation) = IndexData(10, 4);
        var backend = new RecordingBackend(2, 3);

        new Trainer(new TrainerOptions(Epochs: 2, BatchSize: 4, Seed: 5), Silent)
            .Train(backend, training, validation, new SgdMomentum(0.1));

        Assert.Equal([4, 4, 2, 4, 4, 2], backend.Batches.Select(b => b.Labels.Length));
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var seen = new List<int>();
            foreach (var (x, labels) in backend.Batches.Skip(3 * epoch).Take(3))
            {
                int b = labels.Length;
                for (int k = 0; k < b; k++)
                {
                    // Row 0 holds the sample index, row 1 its negative: features × batch.
                    int index = (int)x[k];
                    Assert.Equal(-index, x[b + k]);
                    Assert.Equal(index % 3, labels[k]);
                    seen.Add(index);
                }
            }

            Assert.Equal(Enumerable.Range(0, 10), seen.Order());
        }
    }

    [Fact]
    public void Train_SameSeedSameBatches_OtherSeedOtherBatches()
    {
        var (training, validation) = IndexData(20, 4);

        var a = Batches(training, validation, seed: 3);
        var b = Batches(training, validation, seed: 3);
        var c = Batches(training, validation, seed: 4);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Train_EpochMetricsAreSampleWeightedMeans()
    {
        // Loss of a batch is the mean sample index in it, so the sample-weighted epoch mean is
        // the mean index 4.5 however the batches fall; labels i mod 3 are 0 for 0, 3, 6, 9.
        var (training, validation) = IndexData(10, 6);
        var backend = new RecordingBackend(2, 3);

        var result = new Trainer(new TrainerOptions(3, 4, 1), Silent)
            .Train(backend, training, validation, new Adam(0.1));

        foreach (var m in result.Epochs)
        {
            Assert.Equal(4.5, m.Loss, SumTolerance);
            Assert.Equal(0.25, m.Regularization, SumTolerance);
            Assert.Equal(0.4, m.TrainAccuracy, SumTolerance);
            Assert.Equal(2.5, m.ValidationLoss, SumTolerance);
            Assert.Equal(2.0 / 6.0, m.ValidationAccuracy, SumTolerance);
            Assert.True(m.WallSeconds >= m.EpochSeconds);
        }

        Assert.Equal([1, 2, 3], result.Epochs.Select(m => m.Epoch));
        Assert.Equal(4.5, result.TrainLoss, SumTolerance);
        Assert.Equal(0.4, result.TrainAccuracy, SumTolerance);
        Assert.Equal(9, backend.Updates);
    }

    [Fact]
    public void Train_Multilevel_RefinesBetweenLevelsAndRestartsOptimizer()
    {
        var (training, validation) = IndexData(8, 4);
        var backend = new RecordingBackend(2, 3);
        var optimizer = new SgdMomentum(0.1);

        var result = new Trainer(new TrainerOptions(Epochs: 2, BatchSize: 8, Seed: 1, Levels: 3),
            Silent).Train(backend, training, validation, optimizer);

        Assert.Equal(2, backend.Refinements);
        Assert.Equal([4, 4, 8, 8, 16, 16], result.Epochs.Select(m => m.Layers));
        Assert.Equal([0, 0, 1, 1, 2, 2], result.Epochs.Select(m => m.Level));
        Assert.Equal(16, result.Layers);

        // One step per epoch: a restarted optimizer counts the last level's two steps only.
        Assert.Equal(2, optimizer.StepCount);
    }

    [Fact]
    public void Train_SolverStatistics_AreAveragedPerEpoch()
    {
        var (training, validation) = IndexData(8, 4);
        var backend = new RecordingBackend(2, 3, withSolver: true);

        var result = new Trainer(new TrainerOptions(2, 4, 1), Silent)
            .Train(backend, training, validation, new SgdMomentum(0.1));

        // Batches 1, 2 in epoch 1 and 3, 4 in epoch 2 report that many forward iterations.
        var first = result.Epochs[0].Solver!;
        var second = result.Epochs[1].Solver!;
        Assert.Equal(1.5, first.MeanForwardIterations);
        Assert.Equal(3.5, second.MeanForwardIterations);
        Assert.Equal(4e-3, second.MaxForwardResidual, SumTolerance);
        Assert.Equal(1.0, second.MeanAdjointIterations);
    }

    [Fact]
    public void Train_NaNLoss_ThrowsBreakdownNamingEpochAndBatch()
    {
        var (training, validation) = IndexData(8, 4);
        var backend = new RecordingBackend(2, 3) { PoisonLossAtBatch = 3 };

        var e = Assert.Throws<NumericalBreakdownException>(() =>
            new Trainer(new TrainerOptions(2, 4, 1), Silent)
                .Train(backend, training, validation, new SgdMomentum(0.1)));

        Assert.Contains("epoch 2, batch 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_EpochCallback_GetsEveryEpochInOrder()
    {
        var (training, validation) = IndexData(8, 4);
        var seen = new List<int>();

        new Trainer(new TrainerOptions(3, 4, 1), Silent).Train(new RecordingBackend(2, 3),
            training, validation, new SgdMomentum(0.1), m => seen.Add(m.Epoch));

        Assert.Equal([1, 2, 3], seen);
    }

    private static List<string> Batches(Dataset training, Dataset validation, long seed)
    {
        var backend = new RecordingBackend(2, 3);
        new Trainer(new TrainerOptions(2, 3, seed), Silent)
            .Train(backend, training, validation, new SgdMomentum(0.1));
        return backend.Batches.Select(b => string.Join(",", b.Features)).ToList();
    }

    /// <summary>Sample i has features (i, −i) and label i mod 3.</summary>
    private static (Dataset Training, Dataset Validation) IndexData(int n, int validation)
    {
        static Dataset Make(int n) => new("index", 2, 3,
            Enumerable.Range(0, n).SelectMany(i => new double[] { i, -i }).ToArray(),
            Enumerable.Range(0, n).Select(i => i % 3).ToArray());
        return (Make(n), Make(validation));
    }
}
