using LayerParallel.Mgrit;
using LayerParallel.Networks;

namespace LayerParallel.Parallel.Tests;

public sealed class LayerParallelNetworkTests
{
    private const double ConvergedTolerance = GradientFixture.ConvergedTolerance;

    /// <summary>Fixed iterations: only the summation order of the same operations may differ.</summary>
    private const double RankIndependenceTolerance = 1e-12;

    private static readonly LayerParallelOptions Converged = GradientFixture.Converged;

    private static readonly LayerParallelOptions Inexact = GradientFixture.Inexact;

    public static TheoryData<NetworkKind, IntegratorKind, int> Networks()
    {
        var data = new TheoryData<NetworkKind, IntegratorKind, int>();
        foreach (int ranks in new[] { 1, 2, 3 })
        {
            data.Add(NetworkKind.ResNet, IntegratorKind.ForwardEuler, ranks);
            data.Add(NetworkKind.ResNet, IntegratorKind.RungeKutta4, ranks);
            data.Add(NetworkKind.Antisymmetric, IntegratorKind.AdamsBashforth3, ranks);
            data.Add(NetworkKind.Hamiltonian, IntegratorKind.Verlet, ranks);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Compute_ConvergedMgrit_EqualsSerialBackprop(
        NetworkKind kind, IntegratorKind integrator, int ranks)
    {
        var config = GradientFixture.Config(kind, integrator, layers: 13);
        var regularization = new Regularization(weightDecay: 1e-3, smoothness: 1e-2);
        var (serialLoss, serialGradient) = GradientFixture.Serial(config, regularization);

        var (loss, gradient, stats) =
            GradientFixture.Parallel(config, ranks, Converged, regularization);

        Assert.Equal(MgritStatus.Converged, stats.ForwardStatus);
        Assert.Equal(MgritStatus.Converged, stats.AdjointStatus);
        Assert.Equal(serialLoss.Loss, loss.Loss, ConvergedTolerance * Math.Abs(serialLoss.Loss));
        Assert.Equal(serialLoss.Regularization, loss.Regularization,
            ConvergedTolerance * Math.Abs(serialLoss.Regularization));
        Assert.Equal(serialLoss.Correct, loss.Correct);
        Assert.InRange(GradientFixture.RelativeDifference(gradient, serialGradient), 0,
            ConvergedTolerance);
    }

    [Theory]
    [InlineData(NetworkKind.ResNet, IntegratorKind.ForwardEuler, true)]
    [InlineData(NetworkKind.ResNet, IntegratorKind.ForwardEuler, false)]
    [InlineData(NetworkKind.Hamiltonian, IntegratorKind.Verlet, true)]
    [InlineData(NetworkKind.Antisymmetric, IntegratorKind.AdamsBashforth3, true)]
    [InlineData(NetworkKind.Antisymmetric, IntegratorKind.AdamsBashforth3, false)]
    public void Compute_FixedIterations_SameGradientOnOneTwoThreeRanks(
        NetworkKind kind, IntegratorKind integrator, bool warmRestart)
    {
        var config = GradientFixture.Config(kind, integrator, layers: 16);
        var inexact = Inexact with { WarmRestart = warmRestart };
        var (loss1, gradient1, _) = GradientFixture.Parallel(config, 1, inexact, evaluations: 2);
        var (serialLoss, serialGradient) = GradientFixture.Serial(config);

        // Inexact solves must actually be inexact here, or this test proves nothing.
        Assert.True(GradientFixture.RelativeDifference(gradient1, serialGradient) > 1e-8,
            "two forward and one adjoint iteration already match serial backprop");
        foreach (int ranks in new[] { 2, 3 })
        {
            var (loss, gradient, _) = GradientFixture.Parallel(config, ranks, inexact, evaluations: 2);
            Assert.Equal(loss1.Loss, loss.Loss, RankIndependenceTolerance * Math.Abs(loss1.Loss));
            Assert.InRange(GradientFixture.RelativeDifference(gradient, gradient1), 0,
                RankIndependenceTolerance);
        }

        _ = serialLoss;
    }

    /// <summary>A second solve after an optimizer-like change must see the new weights
    /// everywhere: opening layer (u_0), remote halo copies, classifier (λ_N).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Compute_WarmRestartAfterWeightsChanged_EqualsSerialForNewWeights(int ranks)
    {
        var config = GradientFixture.Config(NetworkKind.ResNet, IntegratorKind.ForwardEuler, 12);
        static void Change(Networks.Parameters.NetworkParameters p)
        {
            foreach (var block in p.Blocks())
            {
                for (int i = 0; i < block.Values.Length; i++)
                {
                    block.Values[i] = (1.3 * block.Values[i]) + 0.05;
                }
            }
        }

        var (serialLoss, serialGradient) = GradientFixture.Serial(config, change: Change);
        var (loss, gradient, _) = GradientFixture.Parallel(config, ranks, Converged,
            evaluations: 2, changeBetween: Change);
        Assert.Equal(serialLoss.Loss, loss.Loss, ConvergedTolerance * Math.Abs(serialLoss.Loss));
        Assert.InRange(GradientFixture.RelativeDifference(gradient, serialGradient), 0,
            ConvergedTolerance);
    }

    /// <summary>Cold starts repeat the same inexact gradient; warm restarts improve on it.</summary>
    [Fact]
    public void Compute_WarmRestart_ContinuesWhileColdStartRepeats()
    {
        var config = GradientFixture.Config(NetworkKind.ResNet, IntegratorKind.ForwardEuler, 16);
        var (_, serial) = GradientFixture.Serial(config);
        var (_, coldOnce, _) = GradientFixture.Parallel(config, 2, Inexact with { WarmRestart = false });
        var (_, coldTwice, _) = GradientFixture.Parallel(config, 2,
            Inexact with { WarmRestart = false }, evaluations: 2);
        var (_, warmTwice, _) = GradientFixture.Parallel(config, 2, Inexact, evaluations: 2);

        Assert.Equal(0.0, GradientFixture.RelativeDifference(coldTwice, coldOnce));
        Assert.True(GradientFixture.RelativeDifference(warmTwice, serial)
            < 0.5 * GradientFixture.RelativeDifference(coldOnce, serial),
            "a warm restart did not bring the inexact gradient closer to backprop");
    }

    [Fact]
    public void Compute_OneLevel_IsSequentialAndExact()
    {
        var config = GradientFixture.Config(NetworkKind.ResNet, IntegratorKind.ForwardEuler, 9);
        var options = new LayerParallelOptions { MaxLevels = 1, ForwardIterations = 1, AdjointIterations = 1 };
        var (serialLoss, serialGradient) = GradientFixture.Serial(config);
        var (loss, gradient, _) = GradientFixture.Parallel(config, 3, options);
        Assert.Equal(serialLoss.Loss, loss.Loss, 1e-14);
        Assert.InRange(GradientFixture.RelativeDifference(gradient, serialGradient), 0, 1e-13);
    }

    /// <summary>Layouts at the edges: one layer, one point per rank, fewer points than
    /// ranks × cf, coarsening factors that do not divide N.</summary>
    [Theory]
    [InlineData(1, 2, 2)]
    [InlineData(3, 4, 2)]
    [InlineData(5, 3, 3)]
    [InlineData(7, 8, 2)]
    [InlineData(11, 3, 4)]
    public void Compute_ConvergedEdgeLayouts_EqualSerialBackprop(int layers, int ranks, int cf)
    {
        var config = GradientFixture.Config(NetworkKind.ResNet, IntegratorKind.RungeKutta4, layers);
        var regularization = new Regularization(weightDecay: 1e-3, smoothness: 1e-2);
        var (serialLoss, serialGradient) = GradientFixture.Serial(config, regularization);
        var (loss, gradient, _) = GradientFixture.Parallel(config, ranks,
            Converged with { CFactor = cf, MaxLevels = 4 }, regularization);
        Assert.Equal(serialLoss.Objective, loss.Objective,
            ConvergedTolerance * Math.Abs(serialLoss.Objective));
        Assert.InRange(GradientFixture.RelativeDifference(gradient, serialGradient), 0,
            ConvergedTolerance);
    }

    /// <summary>After a diverged solve the network works again once the weights are sane.</summary>
    [Fact]
    public void Compute_AfterBreakdown_RecoversWithSaneWeights()
    {
        var config = GradientFixture.Config(NetworkKind.ResNet, IntegratorKind.ForwardEuler, 12);
        var (x, labels) = GradientFixture.Data(config);
        var (serialLoss, _) = GradientFixture.Serial(config);
        var losses = Core.Communication.InProcessCommunicator.Run(2, comm =>
        {
            var net = new LayerParallelNetwork(config, comm, Converged);
            var p = GradientFixture.Parameters(config);
            net.KeepOwnedLayers(p);
            var g = new Networks.Parameters.NetworkParameters(config, allocateLayers: false);
            double saved = p.OpeningBias[0];
            p.OpeningBias[0] = double.NaN;
            Assert.Throws<Core.NumericalBreakdownException>(() => net.Compute(p, x, labels, g));
            p.OpeningBias[0] = saved;
            return net.Compute(p, x, labels, g).Loss.Loss;
        });
        Assert.All(losses, loss =>
            Assert.Equal(serialLoss.Loss, loss, ConvergedTolerance * Math.Abs(serialLoss.Loss)));
    }

    /// <summary>Reported accuracies must not depend on the MGRIT settings: forward-only
    /// evaluations propagate exactly even when gradients use two inexact iterations.</summary>
    [Fact]
    public void Compute_ForwardOnlyWithInexactOptions_EqualsSerialLoss()
    {
        var config = GradientFixture.Config(NetworkKind.ResNet, IntegratorKind.ForwardEuler, 16);
        var (x, labels) = GradientFixture.Data(config);
        var serial = new SerialNetwork(config, GradientFixture.Batch)
            .Evaluate(GradientFixture.Parameters(config), x, labels);
        var losses = Core.Communication.InProcessCommunicator.Run(3, comm =>
        {
            var net = new LayerParallelNetwork(config, comm, Inexact);
            var p = GradientFixture.Parameters(config);
            net.KeepOwnedLayers(p);
            var g = new Networks.Parameters.NetworkParameters(config, allocateLayers: false);
            net.Compute(p, x, labels, g);
            return net.Compute(p, x, labels, null).Loss;
        });
        Assert.All(losses, loss =>
        {
            Assert.Equal(serial.Loss, loss.Loss, 1e-13 * Math.Abs(serial.Loss));
            Assert.Equal(serial.Correct, loss.Correct);
        });
    }

    [Fact]
    public void Constructor_BadCoarseningFactor_ThrowsInputException()
    {
        var config = GradientFixture.Config(NetworkKind.ResNet, IntegratorKind.ForwardEuler, 8);
        Assert.Throws<Core.InputException>(() =>
            Core.Communication.InProcessCommunicator.Run(1,
                comm => new LayerParallelNetwork(config, comm, Inexact with { CFactor = 1 })));
    }

    [Fact]
    public void Constructor_MoreRanksThanPoints_Throws()
    {
        var config = GradientFixture.Config(NetworkKind.ResNet, IntegratorKind.ForwardEuler, 2);
        var error = Assert.Throws<Core.InputException>(() =>
            Core.Communication.InProcessCommunicator.Run(4,
                comm => new LayerParallelNetwork(config, comm, Inexact)));
        Assert.Contains("more than", error.Message, StringComparison.Ordinal);
    }
}
