using LayerParallel.Core;
using LayerParallel.Networks;
using LayerParallel.Networks.Parameters;

namespace LayerParallel.Training.Backends;

/// <summary>
/// The whole network on this process: sequential forward propagation and backpropagation
/// through <see cref="SerialNetwork"/>. The reference the layer-parallel backend must agree
/// with.
/// </summary>
/// <remarks>
/// <see cref="Parameters"/> lists the live arrays of <see cref="Current"/> in the order of
/// <see cref="NetworkParameters.Blocks"/> (K₀, b₀, θ_0 … θ_{N−1}, W, μ), and
/// <see cref="Gradients"/> the matching arrays of a gradient of the same shape. Buffers are
/// sized once per level for <see cref="MaxBatch"/> samples; a step allocates nothing.
/// </remarks>
public sealed class SerialGradientBackend : IGradientBackend
{
    private readonly Regularization _regularization;
    private readonly ProlongationKind _prolongation;
    private readonly StateStorage _storage;
    private SerialNetwork _network;
    private NetworkParameters _gradient;
    private double[][] _parameterBlocks;
    private double[][] _gradientBlocks;

    /// <summary>A backend that trains <paramref name="parameters"/> (used in place, not
    /// copied).</summary>
    /// <param name="network">The network; its shape must match the parameters.</param>
    /// <param name="parameters">Initial parameters, holding every layer.</param>
    /// <param name="maxBatch">Largest batch of training or evaluation.</param>
    /// <param name="regularization">Weight decay and smoothness, or null for none.</param>
    /// <param name="prolongation">How <see cref="Refine"/> maps N layers to 2N.</param>
    /// <param name="storage">How backprop gets the states (inversion only for Verlet).</param>
    /// <exception cref="InputException">The network configuration is not valid.</exception>
    /// <exception cref="ArgumentException">The parameters do not fit the network or miss a
    /// layer.</exception>
    public SerialGradientBackend(
        NetworkConfig network,
        NetworkParameters parameters,
        int maxBatch,
        Regularization? regularization = null,
        ProlongationKind prolongation = ProlongationKind.PiecewiseConstant,
        StateStorage storage = StateStorage.StoreAll)
    {
        _regularization = regularization ?? Regularization.None;
        _prolongation = prolongation;
        _storage = storage;
        MaxBatch = maxBatch;
        (_network, _gradient, _parameterBlocks, _gradientBlocks) = Build(network, parameters);
        Current = parameters;
    }

    /// <inheritdoc />
    public BackendKind Kind => BackendKind.Serial;

    /// <inheritdoc />
    public NetworkConfig Network => _network.Config;

    /// <inheritdoc />
    public int MaxBatch { get; }

    /// <summary>The parameters being trained (replaced by a new instance on
    /// <see cref="Refine"/>).</summary>
    public NetworkParameters Current { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<double[]> Parameters => _parameterBlocks;

    /// <inheritdoc />
    public IReadOnlyList<double[]> Gradients => _gradientBlocks;

    /// <inheritdoc />
    public BatchResult ComputeGradient(ReadOnlySpan<double> features, ReadOnlySpan<int> labels)
    {
        var r = _network.ComputeGradient(Current, features, labels, _gradient, _regularization);
        return new BatchResult(r.Loss, r.Regularization, r.Correct, r.Count, null);
    }

    /// <inheritdoc />
    public BatchResult Evaluate(ReadOnlySpan<double> features, ReadOnlySpan<int> labels)
    {
        var r = _network.Evaluate(Current, features, labels);
        return new BatchResult(r.Loss, 0.0, r.Correct, r.Count, null);
    }

    /// <summary>Nothing to do: the network reads the parameters in place.</summary>
    public void ParametersUpdated()
    {
    }

    /// <inheritdoc />
    public void Refine()
    {
        var fine = Current.Prolongate(_prolongation);
        var config = Network with { Layers = 2 * Network.Layers };
        (_network, _gradient, _parameterBlocks, _gradientBlocks) = Build(config, fine);
        Current = fine;
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose()
    {
    }

    private (SerialNetwork, NetworkParameters, double[][], double[][]) Build(
        NetworkConfig config, NetworkParameters parameters)
    {
        var network = new SerialNetwork(config, MaxBatch, _storage);
        if (parameters.LayerCount != config.Layers || parameters.Width != config.Width
            || parameters.Features != config.Features || parameters.Classes != config.Classes
            || parameters.LayerParameterCount != network.Stepper.ParameterCount
            || parameters.Layers.Any(theta => theta is null))
        {
            throw new ArgumentException(
                "the parameters do not fit the network or do not hold every layer",
                nameof(parameters));
        }

        var gradient = parameters.ZerosLike();
        return (network, gradient, parameters.Blocks().Select(b => b.Values).ToArray(),
            gradient.Blocks().Select(b => b.Values).ToArray());
    }
}
