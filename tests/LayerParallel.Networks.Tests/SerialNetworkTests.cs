using LayerParallel.Core;
using LayerParallel.Networks.Tests.Reference;

namespace LayerParallel.Networks.Tests;

/// <summary>The serial network's passes agree with each other and with the reference.</summary>
public class SerialNetworkTests
{
    private static readonly NetworkConfig Config = new()
    {
        Width = 4, Layers = 6, Features = 3, Classes = 4,
    };

    [Fact]
    public void SmallerBatch_GivesTheSameGradientAsAnExactlySizedNetwork()
    {
        const int batch = 5;
        var p = TestData.Parameters(Config, seed: 1, weightScale: 0.5, biasScale: 0.2);
        var x = TestData.Gaussian(Config.Features * batch, seed: 2);
        var labels = TestData.Labels(batch, Config.Classes, seed: 3);
        var exact = p.ZerosLike();
        var larger = p.ZerosLike();
        var r1 = new SerialNetwork(Config, batch).ComputeGradient(p, x, labels, exact);
        var r2 = new SerialNetwork(Config, 64).ComputeGradient(p, x, labels, larger);

        Assert.Equal(r1, r2);
        foreach (var (a, b) in exact.Blocks().Zip(larger.Blocks()))
        {
            Assert.Equal(a.Values, b.Values);
        }
    }

    [Theory]
    [InlineData(IntegratorKind.ForwardEuler, StateStorage.StoreAll)]
    [InlineData(IntegratorKind.AdamsBashforth3, StateStorage.StoreAll)]
    [InlineData(IntegratorKind.Verlet, StateStorage.StoreAll)]
    [InlineData(IntegratorKind.Verlet, StateStorage.InvertSteps)]
    public void ColumnBlocks_GiveTheUnblockedGradient(IntegratorKind integrator,
        StateStorage storage)
    {
        // Blocks of 3, 3, 3 and 1 samples against one block of 10. Only the order in which the
        // per-sample contributions to the parameter gradient are summed differs.
        const int batch = 10;
        var config = Config with { Kind = NetworkKind.Hamiltonian, Integrator = integrator };
        var p = TestData.Parameters(config, seed: 11, weightScale: 0.5, biasScale: 0.2);
        var x = TestData.Gaussian(config.Features * batch, seed: 12);
        var labels = TestData.Labels(batch, config.Classes, seed: 13);
        var whole = p.ZerosLike();
        var blocked = p.ZerosLike();
        var blockedNetwork = new SerialNetwork(config, batch, storage, chunkColumns: 3);
        var r1 = new SerialNetwork(config, batch, storage, chunkColumns: batch)
            .ComputeGradient(p, x, labels, whole);
        var r2 = blockedNetwork.ComputeGradient(p, x, labels, blocked);

        Assert.Equal(3, blockedNetwork.ChunkColumns);
        Assert.Equal(r1.Correct, r2.Correct);
        Assert.Equal(r1.Loss, r2.Loss, 1e-15 * r1.Loss);
        foreach (var (a, b) in whole.Blocks().Zip(blocked.Blocks()))
        {
            double scale = TestData.MaxAbs(a.Values);
            Assert.InRange(TestData.MaxAbsDifference(a.Values, b.Values), 0, 1e-14 * scale);
        }

        var predictedWhole = new int[batch];
        var predictedBlocked = new int[batch];
        new SerialNetwork(config, batch, storage, chunkColumns: batch).Predict(p, x, predictedWhole);
        blockedNetwork.Predict(p, x, predictedBlocked);
        Assert.Equal(predictedWhole, predictedBlocked);
    }

    [Fact]
    public void CopyState_GathersColumnBlocksIntoRowMajorState()
    {
        const int batch = 7;
        var p = TestData.Parameters(Config, seed: 14, weightScale: 0.5, biasScale: 0.1);
        var x = TestData.Gaussian(Config.Features * batch, seed: 15);
        var labels = TestData.Labels(batch, Config.Classes, seed: 16);
        var blocked = new SerialNetwork(Config, batch, chunkColumns: 2);
        var whole = new SerialNetwork(Config, batch, chunkColumns: batch);
        blocked.Forward(p, x, labels);
        whole.Forward(p, x, labels);
        var a = new double[Config.Width * batch];
        var b = new double[Config.Width * batch];
        blocked.CopyState(Config.Layers, a);
        whole.CopyState(Config.Layers, b);
        Assert.Equal(b, a);
    }

    [Fact]
    public void EvaluateAndPredict_AgreeWithForwardAndReference()
    {
        const int batch = 9;
        var p = TestData.Parameters(Config, seed: 4, weightScale: 0.8, biasScale: 0.3);
        var x = TestData.Gaussian(Config.Features * batch, seed: 5);
        var labels = TestData.Labels(batch, Config.Classes, seed: 6);
        var network = new SerialNetwork(Config, batch);
        var predicted = new int[batch];

        var forward = network.Forward(p, x, labels);
        var evaluated = network.Evaluate(p, x, labels);
        network.Predict(p, x, predicted);

        Assert.Equal(forward, evaluated);
        Assert.Equal(forward.Correct, predicted.Zip(labels).Count(t => t.First == t.Second));
        // Rounding differences only (see NetworkGradientTests.ForwardTolerance).
        double reference = new ReferenceNetwork(Config).Loss(p, x, labels);
        Assert.Equal(reference, forward.Loss, 1e-12 * reference);
    }

    [Fact]
    public void Forward_StoresEveryState()
    {
        const int batch = 2;
        var p = TestData.Parameters(Config, seed: 7, weightScale: 0.5, biasScale: 0.1);
        var x = TestData.Gaussian(Config.Features * batch, seed: 8);
        var network = new SerialNetwork(Config, batch);
        network.Forward(p, x, [0, 1]);

        // u_{j+1} = Φ_j(u_j): replay one step from the stored u_2.
        var stepper = network.Stepper;
        var u2 = new double[stepper.StateRows * batch];
        var u3 = new double[stepper.StateRows * batch];
        var next = new double[stepper.StateRows * batch];
        network.CopyState(2, u2);
        network.CopyState(3, u3);
        stepper.Forward(2, Config.StepSize, p.Layer(2), u2, next, default,
            stepper.CreateWorkspace(batch));
        Assert.Equal(u3, next);
    }

    [Fact]
    public void Misuse_IsReported()
    {
        var network = new SerialNetwork(Config, 4);
        var p = TestData.Parameters(Config, seed: 9, weightScale: 0.5, biasScale: 0.0);
        var x = TestData.Gaussian(Config.Features * 2, seed: 10);
        var gradient = p.ZerosLike();

        Assert.Throws<InvalidOperationException>(() => network.Backward(p, x, [0, 1], gradient));
        Assert.Throws<ArgumentException>(() => network.Forward(p, x, [0, 1, 2]));
        Assert.Throws<ArgumentException>(() =>
            network.Forward(new Parameters.NetworkParameters(Config with { Width = 5 }), x, [0, 1]));

        p.ClassifierBias[0] = double.NaN;
        Assert.Throws<NumericalBreakdownException>(() => network.Forward(p, x, [0, 1]));
    }
}
