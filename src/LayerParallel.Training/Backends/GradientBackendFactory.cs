using LayerParallel.Core;
using LayerParallel.Networks;
using LayerParallel.Networks.Parameters;
using LayerParallel.Parallel;

namespace LayerParallel.Training.Backends;

/// <summary>Creates the <see cref="IGradientBackend"/> a <see cref="BackendKind"/> names.</summary>
public static class GradientBackendFactory
{
    /// <summary>Standard deviation of the initial weights (K₀ at most this, see
    /// <see cref="InitialParameters"/>); biases start at 0.</summary>
    public const double WeightScale = 0.1;

    /// <summary>Throws unless backends of <paramref name="kind"/> can be built here.</summary>
    /// <exception cref="InputException">The backend is not available.</exception>
    public static void EnsureAvailable(BackendKind kind)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new InputException($"unknown backend {(int)kind}");
        }
    }

    /// <summary>A backend for <paramref name="context"/> at the seeded initial parameters.</summary>
    /// <exception cref="InputException">The backend is not available or the network is not
    /// valid.</exception>
    public static IGradientBackend Create(BackendContext context)
    {
        EnsureAvailable(context.Config.Backend);
        var parameters = InitialParameters(context.Network, context.Config.Seed);
        var regularization = new Regularization(context.Config.WeightDecay,
            context.Config.Smoothness);
        return context.Config.Backend switch
        {
            BackendKind.Serial => new SerialGradientBackend(context.Network, parameters,
                context.MaxBatch, regularization),
            BackendKind.Mgrit => new MgritGradientBackend(context.Network, parameters,
                context.MaxBatch,
                context.Communicator?.Invoke()
                    ?? throw new InvalidOperationException("the MGRIT backend needs a communicator"),
                LayerParallelOptions(context.Config), regularization, context.Logger),
            _ => throw new InputException($"unknown backend {context.Config.Backend}"),
        };
    }

    /// <summary>The layer-parallel settings of a run: iteration limits, absolute tolerances,
    /// levels, coarsening factor and relaxation from the MGRIT flags.</summary>
    public static LayerParallelOptions LayerParallelOptions(TrainConfig config) => new()
    {
        ForwardIterations = config.FwdIters,
        AdjointIterations = config.BwdIters,
        ForwardTolerance = config.FwdTol,
        AdjointTolerance = config.BwdTol,
        MaxLevels = config.MaxLevels,
        CFactor = config.Cf,
        NRelax = config.Nu,
        WarmRestart = config.WarmRestart,
        ForwardStorage = config.ForwardStorage,
    };

    /// <summary>
    /// The seeded initial parameters of every backend: weights N(0, 0.1²) and zero biases
    /// (<see cref="NetworkParameters.Initialize"/>), with the opening weights K₀ then scaled
    /// to standard deviation min(0.1, 1/√features) so that wide inputs such as images do not
    /// saturate σ at the start.
    /// </summary>
    public static NetworkParameters InitialParameters(NetworkConfig network, long seed)
    {
        var parameters = new NetworkParameters(network);
        parameters.Initialize(seed, WeightScale, biasScale: 0.0);
        double openingScale = Math.Min(WeightScale, 1.0 / Math.Sqrt(network.Features));
        double factor = openingScale / WeightScale;
        var k0 = parameters.OpeningWeights;
        for (int i = 0; i < k0.Length; i++)
        {
            k0[i] *= factor;
        }

        return parameters;
    }
}
