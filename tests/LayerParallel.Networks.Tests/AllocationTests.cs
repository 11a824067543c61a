namespace LayerParallel.Networks.Tests;

/// <summary>After warm-up, a full forward + backward propagation (and the gradient-free
/// passes) allocates nothing on the managed heap.</summary>
public class AllocationTests
{
    // Asked for: zero bytes. GC.GetAllocatedBytesForCurrentThread is exact for this thread.
    private const long AllowedBytes = 0;

    private const int Batch = 37;

    public static TheoryData<NetworkKind, LayerKind, IntegratorKind, StateStorage> Networks()
    {
        var data = new TheoryData<NetworkKind, LayerKind, IntegratorKind, StateStorage>();
        var all = StateStorage.StoreAll;
        data.Add(NetworkKind.ResNet, LayerKind.Single, IntegratorKind.ForwardEuler, all);
        data.Add(NetworkKind.ResNet, LayerKind.Double, IntegratorKind.RungeKutta4, all);
        data.Add(NetworkKind.Antisymmetric, LayerKind.Single, IntegratorKind.AdamsBashforth3, all);
        data.Add(NetworkKind.Hamiltonian, LayerKind.Single, IntegratorKind.Verlet, all);
        data.Add(NetworkKind.Hamiltonian, LayerKind.Single, IntegratorKind.Verlet,
            StateStorage.InvertSteps);
        return data;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void ComputeGradient_AfterWarmUp_AllocatesNothing(NetworkKind kind, LayerKind layer,
        IntegratorKind integrator, StateStorage storage)
    {
        var config = new NetworkConfig
        {
            Kind = kind, Layer = layer, Integrator = integrator, Width = 6, Layers = 10,
        };
        var network = new SerialNetwork(config, Batch, storage);
        var p = TestData.Parameters(config, seed: 1, weightScale: 0.3, biasScale: 0.1);
        var gradient = p.ZerosLike();
        var x = TestData.Gaussian(config.Features * Batch, seed: 2);
        var labels = TestData.Labels(Batch, config.Classes, seed: 3);
        var reg = new Regularization(1e-4, 1e-3);
        var predicted = new int[Batch];
        network.ComputeGradient(p, x, labels, gradient, reg);
        network.Evaluate(p, x, labels);
        network.Predict(p, x, predicted);

        long before = GC.GetAllocatedBytesForCurrentThread();
        network.ComputeGradient(p, x, labels, gradient, reg);
        long gradientBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        network.Evaluate(p, x, labels);
        network.Predict(p, x, predicted);
        long evaluateBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(gradientBytes, 0, AllowedBytes);
        Assert.InRange(evaluateBytes, 0, AllowedBytes);
    }
}
