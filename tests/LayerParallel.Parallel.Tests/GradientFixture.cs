using LayerParallel.Core.Communication;
using LayerParallel.Networks;
using LayerParallel.Networks.Parameters;

namespace LayerParallel.Parallel.Tests;

/// <summary>A small classification problem and helpers to gather a distributed gradient.</summary>
internal static class GradientFixture
{
    public const int Batch = 7;

    /// <summary>Issue requirement: converged MGRIT reproduces serial backprop to 1e-9.</summary>
    public const double ConvergedTolerance = 1e-9;

    /// <summary>MGRIT run to a residual far below what the 1e-9 comparison needs.</summary>
    public static readonly LayerParallelOptions Converged = new()
    {
        ForwardIterations = 60,
        AdjointIterations = 60,
        ForwardTolerance = 1e-14,
        AdjointTolerance = 1e-14,
        MaxLevels = 3,
        CFactor = 2,
    };

    /// <summary>Two forward and one adjoint iteration, whatever the residual.</summary>
    public static readonly LayerParallelOptions Inexact = new()
    {
        ForwardIterations = 2,
        AdjointIterations = 1,
        ForwardTolerance = 0,
        AdjointTolerance = 0,
        MaxLevels = 3,
        CFactor = 2,
    };

    public static NetworkConfig Config(NetworkKind kind, IntegratorKind integrator, int layers) =>
        new()
        {
            Kind = kind,
            Integrator = integrator,
            Activation = Activation.Tanh,
            Width = 3,
            Layers = layers,
            FinalTime = 2.0,
            Features = 2,
            Classes = 3,
        };

    public static NetworkParameters Parameters(NetworkConfig config, long seed = 11)
    {
        var p = new NetworkParameters(config);
        p.Initialize(seed, weightScale: 0.6, biasScale: 0.2);
        return p;
    }

    public static (double[] Features, int[] Labels) Data(NetworkConfig config, int seed = 5)
    {
        var random = new Random(seed);
        var x = new double[config.Features * Batch];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (2 * random.NextDouble()) - 1;
        }

        var labels = new int[Batch];
        for (int k = 0; k < Batch; k++)
        {
            labels[k] = random.Next(config.Classes);
        }

        return (x, labels);
    }

    /// <summary>Runs the layer-parallel gradient on <paramref name="ranks"/> virtual ranks and
    /// assembles the full gradient from the owners' parts.</summary>
    public static (LossResult Loss, NetworkParameters Gradient, SolveStatistics Stats) Parallel(
        NetworkConfig config, int ranks, LayerParallelOptions options,
        Regularization? regularization = null, int evaluations = 1,
        Action<NetworkParameters>? changeBetween = null)
    {
        var (x, labels) = Data(config);
        var results = InProcessCommunicator.Run(ranks, comm =>
        {
            var net = new LayerParallelNetwork(config, comm, options);
            var p = Parameters(config);
            net.KeepOwnedLayers(p);
            var g = new NetworkParameters(config, allocateLayers: false);
            (LossResult, SolveStatistics) r = default;
            for (int e = 0; e < evaluations; e++)
            {
                if (e > 0)
                {
                    changeBetween?.Invoke(p);
                }

                r = net.Compute(p, x, labels, g, regularization);
            }

            return (r.Item1, r.Item2, g, net.HoldsOpening, net.HoldsClassifier);
        });

        var full = new NetworkParameters(config);
        foreach (var (_, _, g, opening, classifier) in results)
        {
            if (opening)
            {
                g.OpeningWeights.CopyTo(full.OpeningWeights, 0);
                g.OpeningBias.CopyTo(full.OpeningBias, 0);
            }

            if (classifier)
            {
                g.ClassifierWeights.CopyTo(full.ClassifierWeights, 0);
                g.ClassifierBias.CopyTo(full.ClassifierBias, 0);
            }

            for (int j = 0; j < config.Layers; j++)
            {
                if (g.Layers[j] is { } theta)
                {
                    Assert.True(theta.All(v => v == 0) || full.Layer(j).All(v => v == 0),
                        $"two ranks produced a gradient for layer {j}");
                    theta.CopyTo(full.Layer(j), 0);
                }
            }
        }

        return (results[0].Item1, full, results[0].Item2!);
    }

    public static (LossResult Loss, NetworkParameters Gradient) Serial(
        NetworkConfig config, Regularization? regularization = null,
        Action<NetworkParameters>? change = null)
    {
        var (x, labels) = Data(config);
        var net = new SerialNetwork(config, Batch);
        var p = Parameters(config);
        change?.Invoke(p);
        var g = new NetworkParameters(config);
        var loss = net.ComputeGradient(p, x, labels, g, regularization);
        return (loss, g);
    }

    /// <summary>max |a − b| / max(|b|, floor) over every entry of two gradients.</summary>
    public static double RelativeDifference(NetworkParameters a, NetworkParameters b)
    {
        var pa = a.Blocks().ToList();
        var pb = b.Blocks().ToList();
        Assert.Equal(pb.Count, pa.Count);
        double scale = pb.SelectMany(blk => blk.Values).Max(Math.Abs);
        double worst = 0.0;
        for (int i = 0; i < pa.Count; i++)
        {
            for (int k = 0; k < pa[i].Values.Length; k++)
            {
                worst = Math.Max(worst, Math.Abs(pa[i].Values[k] - pb[i].Values[k]) / scale);
            }
        }

        return worst;
    }
}
