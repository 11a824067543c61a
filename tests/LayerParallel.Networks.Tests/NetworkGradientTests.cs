using LayerParallel.Networks.Parameters;
using LayerParallel.Networks.Tests.Reference;

namespace LayerParallel.Networks.Tests;

/// <summary>
/// The full backpropagation of <see cref="SerialNetwork"/> (opening layer, every θ_j, W, μ and
/// the regularizer) against fourth-order central differences of the independent
/// <see cref="ReferenceNetwork"/>, for every network × integrator × activation combination.
/// </summary>
public class NetworkGradientTests
{
    // Asked for: relative error of each directional derivative ≤ 1e-6.
    private const double GradientTolerance = 1e-6;

    // The optimized and the reference forward pass differ only by rounding (BLAS order,
    // fused multiply-adds, a ≤ 1-ulp tanh): a few hundred ulps of the objective at most.
    private const double ForwardTolerance = 1e-12;

    // Fourth-order differences: truncation ~ε⁴ = 1e-16, rounding ~1e-16·J/ε ≈ 1e-12 absolute.
    private const double Epsilon = 1e-4;

    private const int Batch = 5;

    public static TheoryData<NetworkKind, LayerKind, IntegratorKind, Activation> Combinations()
    {
        var data = new TheoryData<NetworkKind, LayerKind, IntegratorKind, Activation>();
        foreach (var activation in Enum.GetValues<Activation>())
        {
            foreach (var integrator in Enum.GetValues<IntegratorKind>())
            {
                if (integrator != IntegratorKind.Verlet)
                {
                    data.Add(NetworkKind.ResNet, LayerKind.Single, integrator, activation);
                    data.Add(NetworkKind.ResNet, LayerKind.Double, integrator, activation);
                    data.Add(NetworkKind.Antisymmetric, LayerKind.Single, integrator, activation);
                }

                data.Add(NetworkKind.Hamiltonian, LayerKind.Single, integrator, activation);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Gradient_EveryBlock_MatchesCentralDifferences(NetworkKind kind, LayerKind layer,
        IntegratorKind integrator, Activation activation)
    {
        var config = new NetworkConfig
        {
            Kind = kind, Layer = layer, Integrator = integrator, Activation = activation,
            Width = 3, Layers = 4, FinalTime = 1.2, Features = 2, Classes = 3, Gamma = 0.05,
        };
        var p = TestData.Parameters(config, seed: 11, weightScale: 0.6, biasScale: 0.3);
        var x = TestData.Gaussian(config.Features * Batch, seed: 12);
        var labels = TestData.Labels(Batch, config.Classes, seed: 13);
        var reg = new Regularization(weightDecay: 2e-3, smoothness: 3e-2);
        var reference = new ReferenceNetwork(config);

        var gradient = p.ZerosLike();
        var result = new SerialNetwork(config, Batch).ComputeGradient(p, x, labels, gradient, reg);

        var basePieces = new List<int>();
        double objective = reference.Objective(p, x, labels, reg, basePieces);
        Assert.InRange(Math.Abs(result.Objective - objective), 0, ForwardTolerance * objective);

        var blocks = p.Blocks().ToList();
        var gradBlocks = gradient.Blocks().ToList();
        for (int b = 0; b < blocks.Count; b++)
        {
            var values = blocks[b].Values;
            var direction = TestData.Gaussian(values.Length, seed: 100 + b);
            double analytic = TestData.Dot(gradBlocks[b].Values, direction);
            var original = (double[])values.Clone();
            double numeric = TestData.CentralDifference(t =>
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = original[i] + (t * direction[i]);
                }

                var pieces = new List<int>();
                double value = reference.Objective(p, x, labels, reg, pieces);
                Assert.True(pieces.SequenceEqual(basePieces),
                    $"block {blocks[b].Kind} {blocks[b].Layer}: a perturbation crossed a kink of σ");
                return value;
            }, Epsilon);
            original.CopyTo(values, 0);

            double error = Math.Abs(numeric - analytic) / Math.Abs(analytic);
            Assert.True(error <= GradientTolerance,
                $"block {blocks[b].Kind} {blocks[b].Layer}: analytic {analytic:R}, "
                + $"numeric {numeric:R}, relative error {error:E2}");
        }
    }
}
