using LayerParallel.Core.Communication;
using LayerParallel.Networks;
using LayerParallel.Networks.Data;
using LayerParallel.Parallel;
using LayerParallel.Training.Backends;
using LayerParallel.Training.Optimizers;

namespace LayerParallel.Training.Tests.Backends;

/// <summary>Training with the layer-parallel backend on virtual ranks.</summary>
public sealed class MgritBackendTrainingTests
{
    /// <summary>Same operations in the same order on any rank count; bits may differ only
    /// through the order of the final reductions.</summary>
    private const double RankIndependenceTolerance = 1e-12;

    private static readonly LayerParallelOptions Inexact = new()
    {
        ForwardIterations = 2,
        AdjointIterations = 1,
        ForwardTolerance = 0,
        AdjointTolerance = 0,
        MaxLevels = 3,
        CFactor = 2,
    };

    [Fact]
    public void ShareBatchOrder_EveryRankEndsWithRankZerosOrder()
    {
        var orders = InProcessCommunicator.Run(3, comm =>
        {
            using var backend = Backend(comm, Config(layers: 6));
            var order = Enumerable.Range(0, 10).Select(i => (i * (comm.Rank + 3)) % 10).ToArray();
            backend.ShareBatchOrder(order);
            return order;
        });

        var rankZero = Enumerable.Range(0, 10).Select(i => (i * 3) % 10).ToArray();
        Assert.All(orders, order => Assert.Equal(rankZero, order));
    }

    /// <summary>Whole training runs (shuffles, inexact gradients, Adam, multilevel refinement)
    /// agree on 1, 2 and 3 ranks: rank 0 coordinates and nothing depends on the rank count.</summary>
    [Fact]
    public void Train_InexactMgrit_SameMetricsOnOneTwoThreeRanks()
    {
        var data = PeaksData.Generate(240, seed: 3).Split(0.25, seed: 4);
        var config = Config(layers: 8);

        List<double> Run(int ranks)
        {
            var results = InProcessCommunicator.Run(ranks, comm =>
            {
                using var backend = Backend(comm, config);
                var optimizer = OptimizerFactory.Create(OptimizerKind.Adam, 0.01, 0.9);
                var trainer = new Trainer(new TrainerOptions(Epochs: 2, BatchSize: 16, Seed: 7,
                    Levels: 2), Serilog.Core.Logger.None);
                var result = trainer.Train(backend, data.Training, data.Validation, optimizer);
                return result.Epochs.SelectMany(e => new[] { e.Loss, e.ValidationAccuracy })
                    .Append(result.TrainLoss).ToList();
            });
            return results[0];
        }

        var one = Run(1);
        Assert.Equal((2 * 2 * 2) + 1, one.Count); // 2 levels × 2 epochs × 2 values + final loss
        foreach (int ranks in new[] { 2, 3 })
        {
            var other = Run(ranks);
            for (int i = 0; i < one.Count; i++)
            {
                Assert.Equal(one[i], other[i], RankIndependenceTolerance * Math.Max(1, Math.Abs(one[i])));
            }
        }
    }

    private static NetworkConfig Config(int layers) => new()
    {
        Width = 4, Layers = layers, Features = 2, Classes = 5, FinalTime = 2.0,
    };

    private static MgritGradientBackend Backend(ICommunicator comm, NetworkConfig config) =>
        new(config, GradientBackendFactory.InitialParameters(config, seed: 5), maxBatch: 64, comm,
            Inexact);
}
