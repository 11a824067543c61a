namespace LayerParallel.Networks.Tests;

/// <summary>
/// Each one-step map Φ and its adjoint on arbitrary augmented states and adjoints (as the
/// MGRIT backend calls them: any index, coarse h, with or without a cache): dot-product tests
/// against central differences, and the cache-free path against the cached one.
/// </summary>
public class StepperAdjointTests
{
    // Directional derivatives of a smooth map by 4th-order differences with ε = 1e-4 are good
    // to ~1e-12 relative; 1e-8 leaves room for cancellation in the dot products.
    private const double AdjointTolerance = 1e-8;

    private const double Epsilon = 1e-4;
    private const int Batch = 6;

    public static TheoryData<NetworkKind, LayerKind, IntegratorKind, int, double> Steps()
    {
        var data = new TheoryData<NetworkKind, LayerKind, IntegratorKind, int, double>();
        foreach (var integrator in Enum.GetValues<IntegratorKind>())
        {
            foreach (var (index, h) in new[] { (0, 0.1), (1, 0.1), (7, 0.4) })
            {
                if (integrator != IntegratorKind.Verlet)
                {
                    data.Add(NetworkKind.ResNet, LayerKind.Single, integrator, index, h);
                    data.Add(NetworkKind.ResNet, LayerKind.Double, integrator, index, h);
                    data.Add(NetworkKind.Antisymmetric, LayerKind.Single, integrator, index, h);
                }

                data.Add(NetworkKind.Hamiltonian, LayerKind.Single, integrator, index, h);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Adjoint_ArbitraryState_MatchesCentralDifferences(NetworkKind kind,
        LayerKind layer, IntegratorKind integrator, int index, double h)
    {
        var config = new NetworkConfig
        {
            Kind = kind, Layer = layer, Integrator = integrator, Width = 4, Gamma = 0.1,
        };
        var stepper = LayerStepperFactory.Create(config);
        int n = stepper.StateRows * Batch;
        var u = TestData.Gaussian(n, seed: 1);
        var theta = TestData.Gaussian(stepper.ParameterCount, seed: 2, scale: 0.5);
        var lambdaNext = TestData.Gaussian(n, seed: 3);
        var du = TestData.Gaussian(n, seed: 4);
        var dTheta = TestData.Gaussian(stepper.ParameterCount, seed: 5);
        var ws = stepper.CreateWorkspace(Batch);
        var cache = new double[stepper.CacheLength(Batch)];
        var uNext = new double[n];
        var lambda = new double[n];
        var gradTheta = new double[stepper.ParameterCount];

        stepper.Forward(index, h, theta, u, uNext, cache, ws);
        stepper.Adjoint(index, h, theta, u, cache, lambdaNext, lambda, gradTheta, ws);

        // ⟨λ, δu⟩ = ⟨λ', ∂Φ/∂u δu⟩ and ⟨∇θ, δθ⟩ = ⟨λ', ∂Φ/∂θ δθ⟩.
        double stateNumeric = TestData.CentralDifference(
            t => TestData.Dot(lambdaNext, Step(stepper, index, h, theta, Shift(u, du, t))), Epsilon);
        double thetaNumeric = TestData.CentralDifference(
            t => TestData.Dot(lambdaNext, Step(stepper, index, h, Shift(theta, dTheta, t), u)),
            Epsilon);
        AssertClose(TestData.Dot(lambda, du), stateNumeric, "state");
        AssertClose(TestData.Dot(gradTheta, dTheta), thetaNumeric, "θ");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Adjoint_WithoutCache_EqualsCachedAdjoint(NetworkKind kind, LayerKind layer,
        IntegratorKind integrator, int index, double h)
    {
        var config = new NetworkConfig
        {
            Kind = kind, Layer = layer, Integrator = integrator, Width = 4, Gamma = 0.1,
            Activation = Activation.SmoothRelu,
        };
        var stepper = LayerStepperFactory.Create(config);
        int n = stepper.StateRows * Batch;
        var u = TestData.Gaussian(n, seed: 21);
        var theta = TestData.Gaussian(stepper.ParameterCount, seed: 22, scale: 0.5);
        var lambdaNext = TestData.Gaussian(n, seed: 23);
        var ws = stepper.CreateWorkspace(Batch);
        var cache = new double[stepper.CacheLength(Batch)];
        var uNext = new double[n];
        var uNextNoCache = new double[n];
        var lambda = new double[n];
        var lambdaNoCache = new double[n];
        var lambdaNoTheta = new double[n];
        var grad = new double[stepper.ParameterCount];
        var gradNoCache = new double[stepper.ParameterCount];

        stepper.Forward(index, h, theta, u, uNext, cache, ws);
        stepper.Forward(index, h, theta, u, uNextNoCache, default, ws);
        stepper.Adjoint(index, h, theta, u, cache, lambdaNext, lambda, grad, ws);
        stepper.Adjoint(index, h, theta, u, default, lambdaNext, lambdaNoCache, gradNoCache, ws);
        stepper.Adjoint(index, h, theta, u, cache, lambdaNext, lambdaNoTheta, default, ws);

        // Same arithmetic in the same order: identical to the last bit.
        Assert.Equal(uNext, uNextNoCache);
        Assert.Equal(lambda, lambdaNoCache);
        Assert.Equal(grad, gradNoCache);
        Assert.Equal(lambda, lambdaNoTheta);
    }

    [Fact]
    public void Adjoint_GradTheta_Accumulates()
    {
        var config = new NetworkConfig { Width = 3 };
        var stepper = LayerStepperFactory.Create(config);
        int n = stepper.StateRows * Batch;
        var u = TestData.Gaussian(n, seed: 31);
        var theta = TestData.Gaussian(stepper.ParameterCount, seed: 32);
        var lambdaNext = TestData.Gaussian(n, seed: 33);
        var ws = stepper.CreateWorkspace(Batch);
        var once = new double[stepper.ParameterCount];
        var twice = new double[stepper.ParameterCount];
        var lambda = new double[n];

        stepper.Adjoint(0, 0.2, theta, u, default, lambdaNext, lambda, once, ws);
        stepper.Adjoint(0, 0.2, theta, u, default, lambdaNext, lambda, twice, ws);
        stepper.Adjoint(0, 0.2, theta, u, default, lambdaNext, lambda, twice, ws);

        for (int i = 0; i < once.Length; i++)
        {
            Assert.Equal(2 * once[i], twice[i], 1e-14 * Math.Abs(once[i]) + 1e-300);
        }
    }

    [Fact]
    public void Embed_CopiesYAndZeroesTheRest()
    {
        var stepper = LayerStepperFactory.Create(new NetworkConfig
        {
            Kind = NetworkKind.Hamiltonian, Integrator = IntegratorKind.AdamsBashforth3, Width = 2,
        });
        Assert.Equal(12, stepper.StateRows);
        var y0 = new double[] { 1, 2, 3, 4, 5, 6 };
        var u0 = Enumerable.Repeat(double.NaN, 12 * 3).ToArray();
        stepper.Embed(y0, u0, 3);
        Assert.Equal(y0, u0[..6]);
        Assert.All(u0[6..], v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Inverse_NonReversibleStepper_Throws()
    {
        var stepper = LayerStepperFactory.Create(new NetworkConfig());
        Assert.False(stepper.IsReversible);
        var ws = stepper.CreateWorkspace(1);
        Assert.Throws<NotSupportedException>(() => stepper.Inverse(0, 0.1,
            new double[stepper.ParameterCount], new double[8], new double[8], ws));
    }

    [Fact]
    public void Forward_BatchLargerThanWorkspace_Throws()
    {
        var stepper = LayerStepperFactory.Create(new NetworkConfig { Width = 2 });
        var ws = stepper.CreateWorkspace(2);
        Assert.Throws<ArgumentException>(() => stepper.Forward(0, 0.1,
            new double[stepper.ParameterCount], new double[6], new double[6], default, ws));
    }

    private static double[] Step(ILayerStepper stepper, int index, double h, double[] theta,
        double[] u)
    {
        var next = new double[u.Length];
        stepper.Forward(index, h, theta, u, next, default, stepper.CreateWorkspace(Batch));
        return next;
    }

    private static double[] Shift(double[] x, double[] d, double t) =>
        [.. x.Select((v, i) => v + (t * d[i]))];

    private static void AssertClose(double analytic, double numeric, string what)
    {
        double error = Math.Abs(analytic - numeric) / Math.Max(Math.Abs(numeric), 1e-300);
        Assert.True(error <= AdjointTolerance,
            $"{what}: analytic {analytic:R}, numeric {numeric:R}, relative error {error:E2}");
    }
}
