using LayerParallel.Training.Optimizers;

namespace LayerParallel.Training.Tests.Optimizers;

public sealed class OptimizerTests
{
    // The references are a handful of exact-ish operations on the same doubles; 1e-14 allows
    // for a different association order.
    private const double ClosedFormTolerance = 1e-14;

    [Fact]
    public void SgdMomentum_ThreeSteps_MatchHandComputedValues()
    {
        // η = 0.1, μ = 0.9, θ₀ = (1, −2); gradients (0.5, 1), (−1, 0.25), (2, 0).
        // v₁ = g₁;  v₂ = μ g₁ + g₂ = (−0.55, 1.15);  v₃ = μ v₂ + g₃ = (1.505, 1.035).
        var theta = new[] { 1.0, -2.0 };
        var optimizer = new SgdMomentum(0.1, momentum: 0.9);
        double[][] gradients = [[0.5, 1.0], [-1.0, 0.25], [2.0, 0.0]];
        double[][] expected = [[0.95, -2.1], [1.005, -2.215], [0.8545, -2.3185]];

        for (int t = 0; t < 3; t++)
        {
            optimizer.Step([theta], [gradients[t]]);

            Assert.Equal(expected[t][0], theta[0], ClosedFormTolerance);
            Assert.Equal(expected[t][1], theta[1], ClosedFormTolerance);
        }

        Assert.Equal(3, optimizer.StepCount);
    }

    [Fact]
    public void Adam_TwoSteps_MatchHandComputedBiasCorrectedValues()
    {
        // β₁ = 0.9, β₂ = 0.999, ε = 1e-8, η = 0.01, θ₀ = 3; gradients 0.5 then −1.
        // Step 1: m̂ = 0.5, v̂ = 0.25, so θ₁ = 3 − η·0.5/(0.5 + ε).
        // Step 2: m = 0.045 − 0.1 = −0.055, v = 0.999·0.00025 + 0.001 = 0.00124975,
        //         m̂ = −0.055/0.19, v̂ = 0.00124975/0.001999.
        var theta = new[] { 3.0 };
        var optimizer = new Adam(0.01);

        optimizer.Step([theta], [[0.5]]);
        double theta1 = 3.0 - (0.01 * 0.5 / (0.5 + 1e-8));
        Assert.Equal(theta1, theta[0], ClosedFormTolerance);

        optimizer.Step([theta], [[-1.0]]);
        double theta2 = theta1 - (0.01 * (-0.055 / 0.19) / (Math.Sqrt(0.00124975 / 0.001999) + 1e-8));
        Assert.Equal(theta2, theta[0], ClosedFormTolerance);
    }

    [Fact]
    public void Adam_ConstantGradient_StepsByLearningRateTimesSign()
    {
        // With a constant g the corrected moments are exactly m̂ = g and v̂ = g², so each step
        // is η g / (|g| + ε) whatever t is.
        var theta = new[] { 0.0, 0.0 };
        var optimizer = new Adam(0.05);

        for (int t = 1; t <= 50; t++)
        {
            optimizer.Step([theta], [[4.0, -0.25]]);

            Assert.Equal(-t * 0.05 * 4.0 / (4.0 + 1e-8), theta[0], 1e-12);
            Assert.Equal(t * 0.05 * 0.25 / (0.25 + 1e-8), theta[1], 1e-12);
        }
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    public void Step_BlocksAreIndependent_SameAsOneConcatenatedBlock(OptimizerKind kind)
    {
        var split = Create(kind);
        var joined = Create(kind);
        double[] a = [1, 2];
        double[] b = [3];
        double[] ab = [1, 2, 3];

        for (int t = 0; t < 5; t++)
        {
            double[] ga = [Math.Sin(t), t];
            double[] gb = [-t * 0.5];
            split.Step([a, b], [ga, gb]);
            joined.Step([ab], [[ga[0], ga[1], gb[0]]]);
        }

        Assert.Equal(ab, a.Concat(b).ToArray());
    }

    [Fact]
    public void Adam_Quadratic_ConvergesToKnownMinimizer()
    {
        // f(θ) = ½ Σ a_i (θ_i − c_i)², ∇f = a ⊙ (θ − c), minimizer c; curvatures spread 1 … 100.
        double[] a = [1, 10, 100];
        double[] c = [0.5, -1.5, 2.0];
        var theta = new double[3];
        var gradient = new double[3];
        var optimizer = new Adam(0.1);

        for (int t = 0; t < 3000; t++)
        {
            // Step decay η = 0.1 · 0.5^⌊t/500⌋ damps Adam's oscillation around the minimum.
            optimizer.LearningRate = 0.1 * Math.Pow(0.5, t / 500);
            for (int i = 0; i < 3; i++)
            {
                gradient[i] = a[i] * (theta[i] - c[i]);
            }

            optimizer.Step([theta], [gradient]);
        }

        // The last learning rate is 0.1/32 ≈ 3e-3; the iterate settles well inside it.
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(c[i], theta[i], 1e-4);
        }
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    public void Step_BlocksChangeShape_ThrowsUntilReset(OptimizerKind kind)
    {
        var optimizer = Create(kind);
        optimizer.Step([new double[2]], [new double[2]]);

        Assert.Throws<ArgumentException>(() => optimizer.Step([new double[4]], [new double[4]]));
        Assert.Throws<ArgumentException>(() => optimizer.Step([new double[2]], [new double[3]]));
        optimizer.Reset();
        optimizer.Step([new double[4]], [new double[4]]);
        Assert.Equal(1, optimizer.StepCount);
    }

    [Fact]
    public void Reset_ForgetsMomentum()
    {
        var fresh = new SgdMomentum(0.1);
        var reused = new SgdMomentum(0.1);
        double[] x = [1.0];
        double[] y = [1.0];
        reused.Step([new[] { 5.0 }], [[3.0]]);
        reused.Reset();

        fresh.Step([x], [[2.0]]);
        reused.Step([y], [[2.0]]);

        Assert.Equal(x[0], y[0]);
    }

    private static IOptimizer Create(OptimizerKind kind) =>
        kind == OptimizerKind.Sgd ? new SgdMomentum(0.05, 0.8) : new Adam(0.05);
}
