using LayerParallel.Core.Communication;
using LayerParallel.Mgrit;
using LayerParallel.Networks;
using LayerParallel.Networks.Parameters;

namespace LayerParallel.Parallel.Tests;

/// <summary>Keeping only C-point forward states and recomputing the rest for the adjoint.</summary>
public sealed class ForwardStorageTests
{
    private const double ConvergedTolerance = GradientFixture.ConvergedTolerance;

    private static readonly LayerParallelOptions Inexact = GradientFixture.Inexact with { CFactor = 3 };

    /// <summary>Recomputed F-point states are the states MGRIT's final F-relaxation produced,
    /// so even inexact gradients agree to the last bit.</summary>
    [Theory]
    [InlineData(NetworkKind.ResNet, IntegratorKind.ForwardEuler, 1)]
    [InlineData(NetworkKind.ResNet, IntegratorKind.ForwardEuler, 3)]
    [InlineData(NetworkKind.Hamiltonian, IntegratorKind.Verlet, 2)]
    [InlineData(NetworkKind.Antisymmetric, IntegratorKind.AdamsBashforth3, 3)]
    public void Compute_CPointsOnly_BitwiseEqualsAllPoints(
        NetworkKind kind, IntegratorKind integrator, int ranks)
    {
        var config = GradientFixture.Config(kind, integrator, layers: 17);
        var (lossAll, all, _) = GradientFixture.Parallel(config, ranks, Inexact, evaluations: 2);
        var (lossC, cOnly, _) = GradientFixture.Parallel(config, ranks,
            Inexact with { ForwardStorage = StorageMode.CPointsOnly }, evaluations: 2);

        Assert.Equal(lossAll.Loss, lossC.Loss);
        Assert.Equal(0.0, GradientFixture.RelativeDifference(cOnly, all));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Compute_CPointsOnlyConverged_EqualsSerialBackprop(int ranks)
    {
        var config = GradientFixture.Config(NetworkKind.ResNet, IntegratorKind.RungeKutta4, 14);
        var (serialLoss, serialGradient) = GradientFixture.Serial(config);
        var options = GradientFixture.Converged with { ForwardStorage = StorageMode.CPointsOnly };
        var (loss, gradient, _) = GradientFixture.Parallel(config, ranks, options);
        Assert.Equal(serialLoss.Loss, loss.Loss, ConvergedTolerance * Math.Abs(serialLoss.Loss));
        Assert.InRange(GradientFixture.RelativeDifference(gradient, serialGradient), 0,
            ConvergedTolerance);
    }

    /// <summary>64 layers, cf 4, one rank: 65 states kept for all points; 17 C-points, no
    /// extra end point (64 is a C-point) and an interval of 4 for C-points only.</summary>
    [Fact]
    public void Compute_CPointsOnly_HoldsAboutOneStatePerCoarseningFactor()
    {
        var config = GradientFixture.Config(NetworkKind.ResNet, IntegratorKind.ForwardEuler, 64);
        var (x, labels) = GradientFixture.Data(config);
        int Held(StorageMode mode) => InProcessCommunicator.Run(1, comm =>
        {
            var net = new LayerParallelNetwork(config, comm,
                Inexact with { CFactor = 4, ForwardStorage = mode });
            var p = GradientFixture.Parameters(config);
            net.Compute(p, x, labels, new NetworkParameters(config));
            return net.HeldForwardStates;
        })[0];

        Assert.Equal(65, Held(StorageMode.AllPoints));
        Assert.Equal(17 + 4, Held(StorageMode.CPointsOnly));
    }
}
