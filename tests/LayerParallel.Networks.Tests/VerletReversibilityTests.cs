using LayerParallel.Core;

namespace LayerParallel.Networks.Tests;

/// <summary>
/// Verlet is reversible: 1024 inverse steps rebuild the initial state, and a backward pass
/// that recomputes the states by inversion gives the stored-state gradient.
/// </summary>
public class VerletReversibilityTests
{
    // Asked for: 1e-10 relative. Each inverse step reintroduces ~1 ulp per entry; over 1024
    // stable steps the drift stays near 1e-13.
    private const double ReconstructionTolerance = 1e-10;

    // Asked for: 1e-10 relative, per block, against the largest entry of that block.
    private const double GradientTolerance = 1e-10;

    private const int Batch = 8;

    private static readonly NetworkConfig Config = new()
    {
        Kind = NetworkKind.Hamiltonian, Integrator = IntegratorKind.Verlet, Width = 4,
        Layers = 1024, FinalTime = 5.0, Features = 2, Classes = 3,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Inverse_1024Layers_ReconstructsInitialState(bool randomZ)
    {
        var stepper = LayerStepperFactory.Create(Config);
        var p = SmoothParameters(seed: 5);
        int n = Config.Width * Batch;
        var u0 = new double[2 * n];
        stepper.Embed(TestData.Gaussian(n, seed: 6), u0, Batch);
        if (randomZ)
        {
            TestData.Gaussian(n, seed: 7).CopyTo(u0, n);
        }

        var ws = stepper.CreateWorkspace(Batch);
        var a = (double[])u0.Clone();
        var b = new double[2 * n];
        double h = Config.StepSize;
        for (int j = 0; j < Config.Layers; j++)
        {
            stepper.Forward(j, h, p.Layer(j), a, b, default, ws);
            (a, b) = (b, a);
        }

        double travelled = TestData.MaxAbsDifference(a.AsSpan(0, n), u0.AsSpan(0, n));
        for (int j = Config.Layers - 1; j >= 0; j--)
        {
            stepper.Inverse(j, h, p.Layer(j), a, b, ws);
            (a, b) = (b, a);
        }

        // The state moved by O(1), so the test is not trivially passed.
        Assert.True(travelled > 0.1, $"Y moved only {travelled}");
        double scaleY = TestData.MaxAbs(u0.AsSpan(0, n));
        double scaleZ = randomZ ? TestData.MaxAbs(u0.AsSpan(n)) : scaleY;
        double errorY = TestData.MaxAbsDifference(a.AsSpan(0, n), u0.AsSpan(0, n)) / scaleY;
        double errorZ = TestData.MaxAbsDifference(a.AsSpan(n), u0.AsSpan(n)) / scaleZ;
        Assert.InRange(errorY, 0, ReconstructionTolerance);
        Assert.InRange(errorZ, 0, ReconstructionTolerance);
    }

    [Fact]
    public void Gradient_InvertSteps_EqualsStoredStateGradient()
    {
        var p = SmoothParameters(seed: 8);
        var x = TestData.Gaussian(Config.Features * Batch, seed: 9);
        var labels = TestData.Labels(Batch, Config.Classes, seed: 10);
        var reg = new Regularization(1e-3, 1e-3);
        var stored = p.ZerosLike();
        var inverted = p.ZerosLike();

        var r1 = new SerialNetwork(Config, Batch).ComputeGradient(p, x, labels, stored, reg);
        var r2 = new SerialNetwork(Config, Batch, StateStorage.InvertSteps)
            .ComputeGradient(p, x, labels, inverted, reg);

        Assert.Equal(r1.Objective, r2.Objective);
        foreach (var (s, i) in stored.Blocks().Zip(inverted.Blocks()))
        {
            double error = TestData.MaxAbsDifference(s.Values, i.Values) / TestData.MaxAbs(s.Values);
            Assert.True(error <= GradientTolerance, $"{s.Kind} {s.Layer}: relative {error:E2}");
        }
    }

    // Weights that vary slowly over the layers (θ_j = θ_0 + small drift), so the ODE has
    // time to move the state by O(1) over T = 5.
    private static Parameters.NetworkParameters SmoothParameters(int seed)
    {
        var p = TestData.Parameters(Config, seed, weightScale: 1.0, biasScale: 0.5);
        var first = p.Layer(0);
        for (int j = 1; j < Config.Layers; j++)
        {
            var theta = p.Layer(j);
            for (int i = 0; i < theta.Length; i++)
            {
                theta[i] = first[i] + (0.01 * theta[i]);
            }
        }

        return p;
    }

    [Fact]
    public void InvertSteps_NetworkMemory_DoesNotGrowWithDepth()
    {
        static long Bytes(int layers, StateStorage storage)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            _ = new SerialNetwork(Config with { Layers = layers }, Batch, storage);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Bytes(8, StateStorage.InvertSteps);
        long shallow = Bytes(64, StateStorage.InvertSteps);
        long deep = Bytes(1024, StateStorage.InvertSteps);
        long stored = Bytes(1024, StateStorage.StoreAll);

        // The same buffers whatever N (the counter may differ by a few bytes of allocation
        // context bookkeeping; one state array here is 512 bytes); storing all states costs
        // about a thousand state arrays more.
        Assert.InRange(deep - shallow, -64, 64);
        Assert.True(stored > deep + (1000L * 2 * Config.Width * Batch * sizeof(double)),
            $"stored {stored} bytes, inverted {deep}");
    }

    [Fact]
    public void InvertSteps_NonReversibleIntegrator_ThrowsInputException()
    {
        Assert.Throws<InputException>(() =>
            new SerialNetwork(new NetworkConfig(), 4, StateStorage.InvertSteps));
    }
}
