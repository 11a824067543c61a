using LayerParallel.Core.Communication;
using LayerParallel.Networks;
using LayerParallel.Networks.Parameters;
using LayerParallel.Parallel;
using Serilog;

namespace LayerParallel.Training.Backends;

/// <summary>
/// Layer-parallel gradients: forward propagation and backpropagation solved by MGRIT across
/// the ranks of a communicator (<see cref="LayerParallelNetwork"/>). Each rank holds and
/// updates only its own layers θ_j; the first rank also holds the opening layer and the last
/// rank the classifier.
/// </summary>
/// <remarks>
/// All methods are collective. Loss, regularization and counts are reduced to every rank, so
/// every rank's trainer takes the same decisions. <see cref="Refine"/> gathers the weights
/// once, prolongates them on every rank and keeps the new owned layers.
/// </remarks>
public sealed class MgritGradientBackend : IGradientBackend
{
    private readonly ICommunicator _comm;
    private readonly LayerParallelOptions _options;
    private readonly Regularization _regularization;
    private readonly ProlongationKind _prolongation;
    private readonly ILogger _logger;
    private LayerParallelNetwork _network;
    private NetworkParameters _parameters;
    private NetworkParameters _gradient;
    private double[][] _parameterBlocks;
    private double[][] _gradientBlocks;
    private double[] _orderBuffer = [];

    /// <summary>
    /// A backend that trains <paramref name="parameters"/>; every rank passes the same full
    /// set (from the same seed) and keeps only its share. Collective.
    /// </summary>
    public MgritGradientBackend(
        NetworkConfig network, NetworkParameters parameters, int maxBatch,
        ICommunicator communicator, LayerParallelOptions options,
        Regularization? regularization = null, ILogger? logger = null,
        ProlongationKind prolongation = ProlongationKind.PiecewiseConstant)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _comm = communicator;
        _options = options;
        _regularization = regularization ?? Regularization.None;
        _prolongation = prolongation;
        _logger = logger ?? Serilog.Core.Logger.None;
        MaxBatch = maxBatch;
        (_network, _parameters, _gradient, _parameterBlocks, _gradientBlocks) =
            Build(network, parameters);
    }

    /// <inheritdoc />
    public BackendKind Kind => BackendKind.Mgrit;

    /// <inheritdoc />
    public NetworkConfig Network => _network.Config;

    /// <inheritdoc />
    public int MaxBatch { get; }

    /// <summary>The layer-parallel network of the current level.</summary>
    public LayerParallelNetwork LayerParallel => _network;

    /// <summary>This rank's parameters (layers it does not own are null).</summary>
    public NetworkParameters Current => _parameters;

    /// <summary>This rank's gradient (same shape as <see cref="Current"/>).</summary>
    public NetworkParameters Gradient => _gradient;

    /// <inheritdoc />
    public IReadOnlyList<double[]> Parameters => _parameterBlocks;

    /// <inheritdoc />
    public IReadOnlyList<double[]> Gradients => _gradientBlocks;

    /// <inheritdoc />
    public BatchResult ComputeGradient(ReadOnlySpan<double> features, ReadOnlySpan<int> labels)
    {
        var (loss, stats) = _network.Compute(_parameters, features, labels, _gradient,
            _regularization);
        return new BatchResult(loss.Loss, loss.Regularization, loss.Correct, loss.Count,
            Statistics(stats));
    }

    /// <inheritdoc />
    public BatchResult Evaluate(ReadOnlySpan<double> features, ReadOnlySpan<int> labels)
    {
        var (loss, stats) = _network.Compute(_parameters, features, labels, null);
        return new BatchResult(loss.Loss, 0.0, loss.Correct, loss.Count, Statistics(stats));
    }

    /// <summary>Nothing to do: each evaluation refreshes the halo copies of remote layers.</summary>
    public void ParametersUpdated()
    {
    }

    /// <inheritdoc />
    /// <remarks>Rank 0 broadcasts its order (as doubles: only primitive arrays cross MPI).</remarks>
    public void ShareBatchOrder(int[] order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (_orderBuffer.Length != order.Length)
        {
            _orderBuffer = new double[order.Length];
        }

        for (int i = 0; i < order.Length; i++)
        {
            _orderBuffer[i] = order[i];
        }

        _comm.Broadcast(_orderBuffer, 0);
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = (int)_orderBuffer[i];
        }
    }

    /// <inheritdoc />
    public void Refine()
    {
        var full = GatherAll();
        var fine = full.Prolongate(_prolongation);
        var config = Network with { Layers = 2 * Network.Layers };
        (_network, _parameters, _gradient, _parameterBlocks, _gradientBlocks) =
            Build(config, fine);
    }

    /// <summary>
    /// Every rank's share of the parameters combined into a full set, on every rank.
    /// Collective.
    /// </summary>
    public NetworkParameters GatherAll() => Gather(_parameters);

    /// <summary>
    /// Every rank's share of the last gradient combined into a full set, on every rank.
    /// Collective.
    /// </summary>
    public NetworkParameters GatherGradient() => Gather(_gradient);

    private NetworkParameters Gather(NetworkParameters shares)
    {
        var full = new NetworkParameters(Network);
        full.Clear();
        var mine = shares.Blocks().ToList();
        var all = full.Blocks().ToList();
        var flat = new double[all.Sum(b => b.Values.Length)];
        int offset = 0;
        foreach (var block in all)
        {
            var source = mine.FirstOrDefault(m => m.Kind == block.Kind && m.Layer == block.Layer);
            if (source.Values is not null && Holds(source))
            {
                source.Values.CopyTo(flat, offset);
            }

            offset += block.Values.Length;
        }

        _comm.AllreduceSum(flat);
        offset = 0;
        foreach (var block in all)
        {
            Array.Copy(flat, offset, block.Values, 0, block.Values.Length);
            offset += block.Values.Length;
        }

        return full;
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose()
    {
    }

    private bool Holds(ParameterBlock block) => block.Kind switch
    {
        ParameterBlockKind.Layer => _network.OwnsLayer(block.Layer),
        ParameterBlockKind.OpeningWeights or ParameterBlockKind.OpeningBias =>
            _network.HoldsOpening,
        _ => _network.HoldsClassifier,
    };

    private static SolverStatistics Statistics(SolveStatistics s) =>
        new(s.ForwardIterations, s.ForwardResidual ?? double.NaN, s.AdjointIterations,
            s.AdjointResidual ?? double.NaN);

    private (LayerParallelNetwork, NetworkParameters, NetworkParameters, double[][], double[][])
        Build(NetworkConfig config, NetworkParameters full)
    {
        var network = new LayerParallelNetwork(config, _comm, _options, _logger);
        network.KeepOwnedLayers(full);
        var gradient = full.ZerosLike();
        _network = network;
        var held = full.Blocks().Where(Holds).Select(b => b.Values).ToArray();
        var gradients = gradient.Blocks().Where(Holds).Select(b => b.Values).ToArray();
        return (network, full, gradient, held, gradients);
    }
}
