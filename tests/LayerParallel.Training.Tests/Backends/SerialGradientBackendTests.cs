using LayerParallel.Networks;
using LayerParallel.Networks.Data;
using LayerParallel.Networks.Parameters;
using LayerParallel.Training.Backends;

namespace LayerParallel.Training.Tests.Backends;

public sealed class SerialGradientBackendTests
{
    // Central differences have error O(ε²)·f''' ≈ 1e-10 at ε = 1e-5, and rounding adds about
    // 1e-16/ε ≈ 1e-11; 1e-7 relative leaves room for both.
    private const double DirectionalTolerance = 1e-7;
    private const double Epsilon = 1e-5;

    [Theory]
    [InlineData(NetworkKind.ResNet, IntegratorKind.ForwardEuler)]
    [InlineData(NetworkKind.Hamiltonian, IntegratorKind.Verlet)]
    [InlineData(NetworkKind.Antisymmetric, IntegratorKind.AdamsBashforth3)]
    public void Gradients_MatchCentralDifferencesOfObjectiveAlongRandomDirection(
        NetworkKind kind, IntegratorKind integrator)
    {
        // With both regularization terms on, the blocks of Gradients must line up with the
        // blocks of Parameters for the directional derivative Σ_b g_b·d_b to be right.
        var network = new NetworkConfig
        {
            Kind = kind, Integrator = integrator, Width = 3, Layers = 5, FinalTime = 1.0,
            Features = 2, Classes = 5,
        };
        var data = PeaksData.Generate(12, seed: 4);
        var x = data.FeatureMatrix();
        var labels = data.Labels.ToArray();
        var backend = new SerialGradientBackend(network,
            GradientBackendFactory.InitialParameters(network, seed: 2), 12,
            new Regularization(1e-2, 1e-2));
        var random = new SeededRandom(8);
        var direction = backend.Parameters.Select(
            p => p.Select(_ => random.NextGaussian()).ToArray()).ToArray();

        backend.ComputeGradient(x, labels);
        double predicted = 0;
        for (int b = 0; b < direction.Length; b++)
        {
            for (int i = 0; i < direction[b].Length; i++)
            {
                predicted += backend.Gradients[b][i] * direction[b][i];
            }
        }

        double plus = ObjectiveAt(backend, direction, Epsilon, x, labels);
        double minus = ObjectiveAt(backend, direction, -Epsilon, x, labels);
        double measured = (plus - minus) / (2 * Epsilon);
        Assert.Equal(predicted, measured, DirectionalTolerance * Math.Max(1, Math.Abs(predicted)));
    }

    [Fact]
    public void Refine_EulerPiecewiseConstant_KeepsNetworkFunctionToFirstOrder()
    {
        // Forward Euler with θ piecewise constant in time converges with order 1 in h, so
        // outputs at N, 2N, 4N layers differ by amounts that halve: d(N,2N) ≈ 2 d(2N,4N).
        var network = new NetworkConfig
        {
            Integrator = IntegratorKind.ForwardEuler, Width = 4, Layers = 8, FinalTime = 2.0,
            Features = 2, Classes = 5,
        };
        var parameters = new NetworkParameters(network);
        parameters.Initialize(seed: 6, weightScale: 0.8, biasScale: 0.3);
        var backend = new SerialGradientBackend(network, parameters, 50);
        var data = PeaksData.Generate(50, seed: 1);
        var x = data.FeatureMatrix();
        var labels = data.Labels.ToArray();

        var outputs = new List<double[]>();
        var losses = new List<double>();
        for (int level = 0; level < 3; level++)
        {
            if (level > 0)
            {
                backend.Refine();
            }

            outputs.Add(FinalState(backend, x, labels));
            losses.Add(backend.Evaluate(x, labels).Loss);
        }

        Assert.Equal(32, backend.Network.Layers);
        Assert.Equal(2.0 / 32, backend.Network.StepSize);
        double norm = Norm(outputs[0], null);
        double coarse = Norm(outputs[0], outputs[1]);
        double fine = Norm(outputs[1], outputs[2]);

        // h = 1/4 → 1/8 moves Y_N by about 3 % (pinned below 5 %) and the loss by about 0.3 %
        // (pinned below 1 %); a prolongation that lost the weights' meaning moves them by O(1).
        Assert.True(coarse / norm < 0.05, $"relative change {coarse / norm}");
        Assert.InRange(coarse / fine, 1.7, 2.3);
        Assert.Equal(losses[0], losses[1], 0.01 * losses[0]);
    }

    [Fact]
    public void Refine_KeepsOpeningAndClassifierAndDuplicatesLayers()
    {
        var network = new NetworkConfig { Width = 2, Layers = 3, Features = 2, Classes = 3 };
        var parameters = GradientBackendFactory.InitialParameters(network, seed: 3);
        var before = parameters.Clone();
        var backend = new SerialGradientBackend(network, parameters, 4);

        backend.Refine();

        var fine = backend.Current;
        Assert.Equal(before.OpeningWeights, fine.OpeningWeights);
        Assert.Equal(before.ClassifierWeights, fine.ClassifierWeights);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(before.Layer(j), fine.Layer(2 * j));
            Assert.Equal(before.Layer(j), fine.Layer((2 * j) + 1));
        }

        // K₀, b₀, six θ_j, W, μ — and the optimizer sees those live arrays.
        Assert.Equal(10, backend.Parameters.Count);
        Assert.Same(fine.Layer(5), backend.Parameters[7]);
        Assert.Equal(backend.Parameters.Select(p => p.Length),
            backend.Gradients.Select(g => g.Length));
    }

    [Fact]
    public void InitialParameters_ScaleOpeningWeightsForWideInputs()
    {
        var network = new NetworkConfig { Width = 16, Layers = 2, Features = 400, Classes = 10 };

        var parameters = GradientBackendFactory.InitialParameters(network, seed: 1);

        // 6 400 draws: the sample deviation is within a few percent of 1/√400 = 0.05.
        double sd = Math.Sqrt(parameters.OpeningWeights.Select(v => v * v).Average());
        Assert.Equal(0.05, sd, 0.003);
        Assert.Equal(0.1, Math.Sqrt(parameters.Layer(0)[..256].Select(v => v * v).Average()),
            0.02);
    }

    private static double ObjectiveAt(SerialGradientBackend backend, double[][] direction,
        double step, double[] x, int[] labels)
    {
        Shift(backend, direction, step);
        double value = backend.ComputeGradient(x, labels).Objective;
        Shift(backend, direction, -step);
        return value;
    }

    private static void Shift(IGradientBackend backend, double[][] direction, double step)
    {
        for (int b = 0; b < direction.Length; b++)
        {
            for (int i = 0; i < direction[b].Length; i++)
            {
                backend.Parameters[b][i] += step * direction[b][i];
            }
        }
    }

    private static double[] FinalState(SerialGradientBackend backend, double[] x, int[] labels)
    {
        var network = new SerialNetwork(backend.Network, labels.Length);
        network.Forward(backend.Current, x, labels);
        var state = new double[network.Stepper.StateRows * labels.Length];
        network.CopyState(backend.Network.Layers, state);
        return state;
    }

    private static double Norm(double[] a, double[]? b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - (b?[i] ?? 0);
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }
}
