using LayerParallel.Networks.Activations;

namespace LayerParallel.Networks.Tests;

/// <summary>The activation kernels: tanh accuracy, special values, derivatives, the C¹
/// smoothing of ReLU, and the fused row kernels against scalar evaluation.</summary>
public class ActivationKernelsTests
{
    // Our tanh: ≤ 1.03 ulp measured against 50-digit values (docs/networks.md); glibc's tanh
    // (Math.Tanh on Linux): ≤ 1.72 ulp measured. Their difference stays below 3 ulp.
    private const double UlpsAgainstMathTanh = 3.0;

    // Against correctly rounded reference values: within one ulp.
    private const double UlpsAgainstExact = 1.0;

    // Central differences with ε = 1e-6 of smooth functions: error ~ε² + 1e-16/ε ≈ 1e-10.
    private const double DerivativeTolerance = 1e-8;

    [Theory]
    [InlineData(1e-300, 1e-300)]
    [InlineData(5e-324, 5e-324)]
    [InlineData(1e-20, 1e-20)]
    [InlineData(1e-08, 1e-08)]
    [InlineData(0.001, 0.0009999996666668)]
    [InlineData(0.1, 0.09966799462495582)]
    [InlineData(0.3, 0.2913126124515909)]
    [InlineData(0.5, 0.46211715726000974)]
    [InlineData(0.7, 0.6043677771171635)]
    [InlineData(0.7499999999999999, 0.6351489523872873)]
    [InlineData(0.75, 0.6351489523872873)]
    [InlineData(0.7500000000000001, 0.6351489523872874)]
    [InlineData(0.9, 0.7162978701990245)]
    [InlineData(1.0, 0.7615941559557649)]
    [InlineData(1.5, 0.9051482536448664)]
    [InlineData(2.5, 0.9866142981514303)]
    [InlineData(5.0, 0.9999092042625951)]
    [InlineData(10.0, 0.9999999958776927)]
    [InlineData(18.0, 0.9999999999999996)]
    [InlineData(19.5, 1.0)]
    [InlineData(25.0, 1.0)]
    public void Tanh_AgainstCorrectlyRoundedValues_WithinOneUlp(double x, double exact)
    {
        // Values from 50-digit mpmath, rounded to nearest; tanh is odd.
        Assert.InRange(Ulps(ActivationKernels.Value(Activation.Tanh, x), exact), 0,
            UlpsAgainstExact);
        Assert.InRange(Ulps(ActivationKernels.Value(Activation.Tanh, -x), -exact), 0,
            UlpsAgainstExact);
    }

    [Fact]
    public void Tanh_Sweep_MatchesMathTanh()
    {
        var random = new Random(3);
        var x = new double[200_003];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (i % 3) switch
            {
                0 => (random.NextDouble() - 0.5) * 50,
                1 => (random.NextDouble() - 0.5) * 2,
                _ => Math.Pow(10, -20 * random.NextDouble()) * (random.Next(2) * 2 - 1),
            };
        }

        var y = new double[x.Length];
        ActivationKernels.Apply(Activation.Tanh, x, y);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            worst = Math.Max(worst, Ulps(y[i], Math.Tanh(x[i])));
        }

        Assert.InRange(worst, 0, UlpsAgainstMathTanh);
    }

    [Fact]
    public void Tanh_SpecialValues_AreExact()
    {
        double[] x = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
            1e300, -1e300, double.Epsilon, 0.5, double.NaN, 3.0];
        var y = new double[x.Length];
        ActivationKernels.Apply(Activation.Tanh, x, y);
        Assert.Equal(0.0, y[0]);
        Assert.True(double.IsNegative(y[1]) && y[1] == 0.0, "tanh(−0) = −0");
        Assert.Equal(1.0, y[2]);
        Assert.Equal(-1.0, y[3]);
        Assert.True(double.IsNaN(y[4]));
        Assert.Equal(1.0, y[5]);
        Assert.Equal(-1.0, y[6]);
        Assert.Equal(double.Epsilon, y[7]);
        Assert.True(double.IsNaN(y[9]));
        Assert.Equal(ActivationKernels.Value(Activation.Tanh, 3.0), y[10]);
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.SmoothRelu)]
    public void Derivative_AwayFromKinks_MatchesCentralDifferences(Activation activation)
    {
        foreach (double x in new[] { -2.3, -0.7, -0.05, 0.03, 0.08, 0.4, 1.9 })
        {
            const double e = 1e-6;
            double numeric = (ActivationKernels.Value(activation, x + e)
                - ActivationKernels.Value(activation, x - e)) / (2 * e);
            Assert.Equal(numeric, ActivationKernels.Derivative(activation, x), DerivativeTolerance);
        }
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.SmoothRelu)]
    public void DerivativeFromOutput_EqualsDerivativeAtInput(Activation activation)
    {
        for (double x = -3; x <= 3; x += 0.0137)
        {
            double y = ActivationKernels.Value(activation, x);
            // 1e-14: σ' through the output rounds differently (√ for smooth ReLU, y² for tanh).
            Assert.Equal(ActivationKernels.Derivative(activation, x),
                ActivationKernels.DerivativeFromOutput(activation, y), 1e-14);
        }
    }

    [Fact]
    public void SmoothRelu_IsContinuouslyDifferentiableWithKnownPieces()
    {
        const double eta = 0.1;
        var a = Activation.SmoothRelu;
        Assert.Equal(0.0, ActivationKernels.Value(a, -eta));
        Assert.Equal(eta, ActivationKernels.Value(a, eta), 1e-17);
        Assert.Equal(eta / 4, ActivationKernels.Value(a, 0.0), 1e-17);
        Assert.Equal(0.5, ActivationKernels.Derivative(a, 0.0));
        Assert.Equal(0.0, ActivationKernels.Value(a, -0.5));
        Assert.Equal(2.0, ActivationKernels.Value(a, 2.0));

        // Value and slope agree from both sides of ±η (C¹).
        foreach (double kink in new[] { -eta, eta })
        {
            const double d = 1e-9;
            Assert.Equal(ActivationKernels.Value(a, kink - d), ActivationKernels.Value(a, kink + d),
                1e-8);
            Assert.Equal(ActivationKernels.Derivative(a, kink - d),
                ActivationKernels.Derivative(a, kink + d), 1e-7);
        }
    }

    [Fact]
    public void Relu_ValuesAndKinkConvention()
    {
        Assert.Equal(0.0, ActivationKernels.Value(Activation.Relu, -3.0));
        Assert.Equal(2.5, ActivationKernels.Value(Activation.Relu, 2.5));
        Assert.Equal(0.0, ActivationKernels.Derivative(Activation.Relu, 0.0));
        Assert.Equal(1.0, ActivationKernels.Derivative(Activation.Relu, 1e-300));
        Assert.True(double.IsNaN(ActivationKernels.Value(Activation.Relu, double.NaN)));
    }

    [Theory]
    [InlineData(Activation.Tanh, 7)]
    [InlineData(Activation.Relu, 5)]
    [InlineData(Activation.SmoothRelu, 9)]
    public void BiasActivate_RowTails_EqualScalarEvaluation(Activation activation, int batch)
    {
        const int rows = 3;
        var values = TestData.Gaussian(rows * batch, seed: 1);
        var addend = TestData.Gaussian(rows * batch, seed: 2);
        double[] bias = [0.3, -0.2, 0.05];
        var a = (double[])values.Clone();
        var result = new double[rows * batch];
        ActivationKernels.BiasActivate(activation, a, bias, batch, 0.25, addend, result);
        for (int i = 0; i < values.Length; i++)
        {
            double expected = ActivationKernels.Value(activation, values[i] + bias[i / batch]);
            Assert.Equal(expected, a[i]);
            Assert.Equal(Math.FusedMultiplyAdd(0.25, expected, addend[i]), result[i]);
        }
    }

    [Fact]
    public void DerivativeProduct_RowSumsAndTails_EqualScalarEvaluation()
    {
        const int rows = 2;
        const int batch = 6;
        var outputs = TestData.Gaussian(rows * batch, seed: 5).Select(Math.Tanh).ToArray();
        var v = TestData.Gaussian(rows * batch, seed: 6);
        var d = new double[rows * batch];
        var biasGradient = new double[] { 1.0, -1.0 };
        ActivationKernels.DerivativeProduct(Activation.Tanh, outputs, v, 0.5, d, biasGradient,
            rows, batch);
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int k = 0; k < batch; k++)
            {
                int i = (r * batch) + k;
                double expected = 0.5 * v[i] * (1 - (outputs[i] * outputs[i]));
                Assert.Equal(expected, d[i], 1e-16);
                sum += expected;
            }

            Assert.Equal((r == 0 ? 1.0 : -1.0) + sum, biasGradient[r], 1e-15);
        }
    }

    private static double Ulps(double actual, double expected)
    {
        if (actual == expected)
        {
            return 0;
        }

        double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
        return Math.Abs(actual - expected) / ulp;
    }
}
