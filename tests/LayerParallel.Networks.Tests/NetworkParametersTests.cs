using LayerParallel.Networks.Parameters;

namespace LayerParallel.Networks.Tests;

/// <summary>Parameter storage: seeded initialization, prolongation, block order and algebra.
/// </summary>
public class NetworkParametersTests
{
    private static readonly NetworkConfig Config = new()
    {
        Width = 3, Layers = 4, Features = 2, Classes = 5,
    };

    [Fact]
    public void Initialize_SameSeed_SameValues_IndependentOfHeldLayers()
    {
        var all = TestData.Parameters(Config, seed: 7, weightScale: 0.1, biasScale: 0.0);
        var again = TestData.Parameters(Config, seed: 7, weightScale: 0.1, biasScale: 0.0);
        var share = new NetworkParameters(Config, allocateLayers: false);
        share.AllocateLayer(2);
        share.Initialize(7, 0.1);

        foreach (var (a, b) in all.Blocks().Zip(again.Blocks()))
        {
            Assert.Equal(a.Values, b.Values);
        }

        Assert.Equal(all.Layer(2), share.Layer(2));
        Assert.Equal(all.OpeningWeights, share.OpeningWeights);
        Assert.NotEqual(all.Layer(1), all.Layer(2));
        Assert.All(all.Layer(0)[^Config.Width..], v => Assert.Equal(0.0, v));
        Assert.All(all.OpeningBias, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Initialize_WeightsHaveTheRequestedSpread()
    {
        var config = Config with { Width = 64, Layers = 1 };
        var p = TestData.Parameters(config, seed: 1, weightScale: 0.5, biasScale: 0.0);
        var k = p.Layer(0)[..(64 * 64)];
        double mean = k.Average();
        double sd = Math.Sqrt(k.Select(v => (v - mean) * (v - mean)).Average());

        // 4096 Gaussian samples: the standard deviation is within 5 % with overwhelming odds.
        Assert.InRange(sd, 0.475, 0.525);
        Assert.InRange(mean, -0.05, 0.05);
        var other = TestData.Parameters(config, seed: 2, weightScale: 0.5, biasScale: 0.0);
        Assert.NotEqual(k, other.Layer(0)[..(64 * 64)]);
    }

    [Fact]
    public void Prolongate_PiecewiseConstant_DuplicatesEachLayer()
    {
        var p = TestData.Parameters(Config, seed: 3, weightScale: 1.0, biasScale: 1.0);
        var fine = p.Prolongate(ProlongationKind.PiecewiseConstant);
        Assert.Equal(8, fine.LayerCount);
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(p.Layer(j), fine.Layer(2 * j));
            Assert.Equal(p.Layer(j), fine.Layer((2 * j) + 1));
        }

        Assert.Equal(p.OpeningWeights, fine.OpeningWeights);
        Assert.Equal(p.OpeningBias, fine.OpeningBias);
        Assert.Equal(p.ClassifierWeights, fine.ClassifierWeights);
        Assert.Equal(p.ClassifierBias, fine.ClassifierBias);
        Assert.NotSame(p.ClassifierWeights, fine.ClassifierWeights);
    }

    [Fact]
    public void Prolongate_Linear_InterpolatesMidpointsAndHoldsTheLast()
    {
        var p = TestData.Parameters(Config, seed: 4, weightScale: 1.0, biasScale: 1.0);
        var fine = p.Prolongate(ProlongationKind.Linear);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(p.Layer(j), fine.Layer(2 * j));
            var mid = p.Layer(j).Select((v, i) => 0.5 * (v + p.Layer(j + 1)[i])).ToArray();
            Assert.Equal(mid, fine.Layer((2 * j) + 1));
        }

        Assert.Equal(p.Layer(3), fine.Layer(7));
    }

    [Fact]
    public void Prolongate_UnheldLayers_StayUnheld_AndLinearNeedsNeighbour()
    {
        var p = new NetworkParameters(Config, allocateLayers: false);
        p.AllocateLayer(3);
        var fine = p.Prolongate(ProlongationKind.Linear);
        Assert.Null(fine.Layers[0]);
        Assert.NotNull(fine.Layers[6]);
        Assert.NotNull(fine.Layers[7]);

        p.AllocateLayer(1);
        Assert.Throws<InvalidOperationException>(() => p.Prolongate(ProlongationKind.Linear));
    }

    [Fact]
    public void Blocks_FixedOrder_AndAlgebra()
    {
        var p = TestData.Parameters(Config, seed: 5, weightScale: 1.0, biasScale: 1.0);
        var kinds = p.Blocks().Select(b => (b.Kind, b.Layer)).ToList();
        Assert.Equal((ParameterBlockKind.OpeningWeights, -1), kinds[0]);
        Assert.Equal((ParameterBlockKind.OpeningBias, -1), kinds[1]);
        Assert.Equal((ParameterBlockKind.Layer, 3), kinds[5]);
        Assert.Equal((ParameterBlockKind.ClassifierBias, -1), kinds[^1]);

        var q = p.Clone();
        q.AddScaled(-1.0, p);
        Assert.Equal(0.0, q.Dot(q));
        double norm2 = p.Blocks().Sum(b => b.Values.Sum(v => v * v));
        Assert.Equal(norm2, p.Dot(p), 1e-12);

        var partial = new NetworkParameters(Config, allocateLayers: false);
        Assert.Throws<ArgumentException>(() => partial.CopyFrom(p));
        Assert.Throws<InvalidOperationException>(() => partial.Layer(0));
    }
}
