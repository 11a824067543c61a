using LayerParallel.Networks.Parameters;

namespace LayerParallel.Networks.Tests;

/// <summary>Weight decay and layer smoothness: closed forms, gradients, and the split into
/// per-block and per-pair shares.</summary>
public class RegularizationTests
{
    // Sums of a few products in double: rounding only.
    private const double Tolerance = 1e-14;

    [Fact]
    public void Decay_And_Pair_MatchClosedForms()
    {
        var reg = new Regularization(weightDecay: 0.2, smoothness: 0.3);
        double[] a = [1.0, -2.0];
        double[] b = [0.5, 1.0];
        var gradA = new double[2];
        var gradB = new double[2];

        Assert.Equal(0.1 * 5.0, reg.Decay(a, gradA), Tolerance);
        Assert.Equal([0.2, -0.4], gradA);

        // β/(2h)‖b − a‖² with h = 0.5: 0.3·(0.25 + 9) = 2.775; ∇_b = β/h (b − a) = 0.6 (b − a).
        Array.Clear(gradA);
        Assert.Equal(2.775, reg.Pair(a, b, 0.5, gradA, gradB), Tolerance);
        Assert.Equal(-0.3, gradB[0], Tolerance);
        Assert.Equal(1.8, gradB[1], Tolerance);
        Assert.Equal(0.3, gradA[0], Tolerance);
        Assert.Equal(-1.8, gradA[1], Tolerance);
    }

    [Fact]
    public void Evaluate_EqualsSumOfShares_AndSkipsUnheldLayers()
    {
        var config = new NetworkConfig { Width = 2, Layers = 5 };
        var p = TestData.Parameters(config, seed: 4, weightScale: 1.0, biasScale: 1.0);
        var reg = new Regularization(0.01, 0.02);
        double h = config.StepSize;

        double shares = p.Blocks().Sum(block => reg.Decay(block.Values, default));
        for (int j = 0; j + 1 < config.Layers; j++)
        {
            shares += reg.Pair(p.Layer(j), p.Layer(j + 1), h, default, default);
        }

        Assert.Equal(shares, reg.Evaluate(p, h, null), Tolerance);

        // A rank holding layers 0..2 only: decay of its blocks, pairs (0,1) and (1,2).
        p.Layers[3] = null;
        p.Layers[4] = null;
        double partial = p.Blocks().Sum(block => reg.Decay(block.Values, default))
            + reg.Pair(p.Layer(0), p.Layer(1), h, default, default)
            + reg.Pair(p.Layer(1), p.Layer(2), h, default, default);
        Assert.Equal(partial, reg.Evaluate(p, h, null), Tolerance);
    }

    [Fact]
    public void Evaluate_Gradient_IsExactForTheQuadratic()
    {
        var config = new NetworkConfig { Width = 2, Layers = 3 };
        var p = TestData.Parameters(config, seed: 5, weightScale: 1.0, biasScale: 1.0);
        var reg = new Regularization(0.05, 0.07);
        var gradient = p.ZerosLike();
        double h = config.StepSize;
        double value = reg.Evaluate(p, h, gradient);

        // For a quadratic, the central difference is exact up to rounding.
        var direction = p.ZerosLike();
        foreach (var block in direction.Blocks())
        {
            TestData.Gaussian(block.Values.Length, seed: block.Layer + 10).CopyTo(block.Values, 0);
        }

        var shifted = p.Clone();
        shifted.AddScaled(1e-3, direction);
        double plus = reg.Evaluate(shifted, h, null);
        shifted.AddScaled(-2e-3, direction);
        double minus = reg.Evaluate(shifted, h, null);
        Assert.Equal((plus - minus) / 2e-3, gradient.Dot(direction), 1e-9);
        Assert.True(value > 0);
    }

    [Fact]
    public void Constructor_NegativeCoefficient_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Regularization(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Regularization(0, double.NaN));
    }
}
