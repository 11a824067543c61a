using LayerParallel.Core;
using LayerParallel.Networks.Parameters;

namespace LayerParallel.Networks;

/// <summary>
/// The whole network on one process: opening layer, N steps of the configured
/// <see cref="ILayerStepper"/>, softmax classifier; forward propagation, loss, and the exact
/// discrete adjoint (backpropagation) for every parameter block. All buffers are sized once
/// for <see cref="MaxBatch"/> samples; forward and backward passes allocate nothing.
/// </summary>
/// <remarks>
/// <para>Forward: Y₀ = σ(K₀ X + b₀), u₀ = (Y₀; 0), u_{j+1} = Φ_j(u_j, θ_j), loss of
/// softmax(W Y_N + μ). Backward: λ_N = (∇_{Y_N} loss; 0),
/// λ_j = (∂Φ_j/∂u_j)ᵀ λ_{j+1}, ∇θ_j = (∂Φ_j/∂θ_j)ᵀ λ_{j+1}, then the opening layer with the
/// first w rows of λ₀.</para>
/// <para>Samples are independent until the parameter gradient sums over them, so the batch is
/// processed in column blocks of <see cref="ChunkColumns"/> samples, each through all layers
/// in turn: a step's operands then stay in cache. Gradients of the blocks add up.</para>
/// <para>With <see cref="StateStorage.InvertSteps"/> (reversible steppers) only u_N is kept
/// and the backward pass rebuilds u_j = Φ_j⁻¹(u_{j+1}); memory does not grow with N.</para>
/// <para>Not thread-safe: one instance per thread.</para>
/// </remarks>
public sealed class SerialNetwork
{
    // Doubles of state per column block by default (4 MiB). Measured: blocks small enough for
    // L2 (16384 doubles) were 3–10 % slower at the benchmark sizes than whole batches, since
    // OpenBLAS runs best on long products; blocking only bounds the work of huge batches.
    private const int ChunkDoubles = 1 << 19;

    private readonly double[][] _states;
    private readonly double[][] _caches;
    private readonly double[] _final;
    private readonly double[] _y0;
    private readonly double[] _scores;
    private readonly double[] _lambda;
    private readonly double[] _lambdaNext;
    private readonly double[] _work;
    private readonly StepWorkspace _ws;
    private readonly int _cachePerChunk;
    private int _batch;
    private bool _forwardStored;

    /// <summary>A network for <paramref name="config"/> and batches of up to
    /// <paramref name="maxBatch"/> samples.</summary>
    /// <param name="config">The network.</param>
    /// <param name="maxBatch">Largest batch.</param>
    /// <param name="storage">How the backward pass obtains the states.</param>
    /// <param name="chunkColumns">Samples per column block; 0 picks 2^19 doubles of state per
    /// block (rounded to a multiple of 4, at least 64), i.e. whole batches of usual size.</param>
    /// <exception cref="InputException">The configuration is not valid, or
    /// <see cref="StateStorage.InvertSteps"/> with a stepper that is not reversible.</exception>
    /// <exception cref="ArgumentOutOfRangeException">maxBatch &lt; 1 or chunkColumns &lt; 0.
    /// </exception>
    public SerialNetwork(NetworkConfig config, int maxBatch,
        StateStorage storage = StateStorage.StoreAll, int chunkColumns = 0)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkColumns);
        Stepper = LayerStepperFactory.Create(config);
        if (storage == StateStorage.InvertSteps && !Stepper.IsReversible)
        {
            throw new InputException(
                "recomputing states by inversion needs a reversible integrator, not "
                + config.Integrator);
        }

        Config = config;
        MaxBatch = maxBatch;
        Storage = storage;
        Opening = new OpeningLayer(config.Features, config.Width, config.Activation);
        Classifier = new SoftmaxClassifier(config.Width, config.Classes);
        int rows = Stepper.StateRows;
        int automatic = Math.Max(64, (ChunkDoubles / rows) & ~3);
        ChunkColumns = Math.Min(maxBatch, chunkColumns > 0 ? chunkColumns : automatic);
        int chunks = (maxBatch + ChunkColumns - 1) / ChunkColumns;
        int padded = chunks * ChunkColumns;

        // Stored arrays hold the column blocks one after the other, each rows × columns.
        bool all = storage == StateStorage.StoreAll;
        _states = new double[all ? config.Layers + 1 : 2][];
        for (int i = 0; i < _states.Length; i++)
        {
            _states[i] = new double[rows * (all ? padded : ChunkColumns)];
        }

        _cachePerChunk = Stepper.CacheLength(ChunkColumns);
        _caches = new double[all ? config.Layers : 0][];
        for (int i = 0; i < _caches.Length; i++)
        {
            _caches[i] = new double[_cachePerChunk * chunks];
        }

        _final = all ? [] : new double[rows * padded];
        _y0 = new double[config.Width * padded];
        _scores = new double[config.Classes * padded];
        _lambda = new double[rows * ChunkColumns];
        _lambdaNext = new double[rows * ChunkColumns];
        _work = new double[config.Width * ChunkColumns];
        _ws = Stepper.CreateWorkspace(ChunkColumns);
    }

    /// <summary>The configuration.</summary>
    public NetworkConfig Config { get; }

    /// <summary>The one-step map Φ_j.</summary>
    public ILayerStepper Stepper { get; }

    /// <summary>The opening layer.</summary>
    public OpeningLayer Opening { get; }

    /// <summary>The classifier.</summary>
    public SoftmaxClassifier Classifier { get; }

    /// <summary>Largest batch.</summary>
    public int MaxBatch { get; }

    /// <summary>How the backward pass gets the states.</summary>
    public StateStorage Storage { get; }

    /// <summary>Samples per column block.</summary>
    public int ChunkColumns { get; }

    /// <summary>h = T/N.</summary>
    public double StepSize => Config.StepSize;

    /// <summary>
    /// Copies the state u_j of the last <see cref="Forward"/> into
    /// <paramref name="destination"/> (<see cref="ILayerStepper.StateRows"/> × batch,
    /// row-major). With <see cref="StateStorage.InvertSteps"/> only j = N is kept, until
    /// <see cref="Backward"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass stored the state.</exception>
    public void CopyState(int j, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(j);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(j, Config.Layers);
        bool all = Storage == StateStorage.StoreAll;
        if (!_forwardStored || (!all && j != Config.Layers))
        {
            throw new InvalidOperationException($"state {j} is not stored");
        }

        var source = all ? _states[j] : _final;
        int rows = Stepper.StateRows;
        for (int start = 0; start < _batch; start += ChunkColumns)
        {
            int columns = Math.Min(ChunkColumns, _batch - start);
            var block = source.AsSpan(rows * start, rows * columns);
            for (int r = 0; r < rows; r++)
            {
                block.Slice(r * columns, columns).CopyTo(destination.Slice((r * _batch) + start));
            }
        }
    }

    /// <summary>
    /// Forward propagation of the batch X (features × batch, batch = labels.Length) storing
    /// what <see cref="Backward"/> needs; returns the mean loss and the number correct.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes do not fit.</exception>
    /// <exception cref="InvalidOperationException">A layer is not held in
    /// <paramref name="parameters"/>.</exception>
    /// <exception cref="NumericalBreakdownException">The loss is NaN or infinite.</exception>
    public LossResult Forward(NetworkParameters parameters, ReadOnlySpan<double> features,
        ReadOnlySpan<int> labels)
    {
        int batch = CheckBatch(parameters, features, labels.Length);
        _forwardStored = false;
        var result = Pass(parameters, features, labels, batch, store: true);
        _batch = batch;
        _forwardStored = true;
        return CheckFinite(result);
    }

    /// <summary>
    /// Backpropagation after <see cref="Forward"/> with the same arguments: adds ∇loss for
    /// every block (K₀, b₀, each θ_j, W, μ) to <paramref name="gradient"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass was stored for this batch.
    /// </exception>
    public void Backward(NetworkParameters parameters, ReadOnlySpan<double> features,
        ReadOnlySpan<int> labels, NetworkParameters gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        int batch = CheckBatch(parameters, features, labels.Length);
        if (!_forwardStored || batch != _batch)
        {
            throw new InvalidOperationException("Backward needs the Forward of the same batch");
        }

        _forwardStored = false;
        for (int start = 0, q = 0; start < batch; start += ChunkColumns, q++)
        {
            int columns = Math.Min(ChunkColumns, batch - start);
            BackwardChunk(parameters, features[start..], batch, labels.Slice(start, columns), q,
                start, gradient);
        }
    }

    /// <summary>
    /// Gradient of loss + regularizer: clears <paramref name="gradient"/>, runs
    /// <see cref="Forward"/> and <see cref="Backward"/> and adds the regularizer's gradient.
    /// </summary>
    /// <exception cref="NumericalBreakdownException">The loss is NaN or infinite.</exception>
    public LossResult ComputeGradient(NetworkParameters parameters, ReadOnlySpan<double> features,
        ReadOnlySpan<int> labels, NetworkParameters gradient, Regularization? regularization = null)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        gradient.Clear();
        var result = Forward(parameters, features, labels);
        Backward(parameters, features, labels, gradient);
        if (regularization is null)
        {
            return result;
        }

        double value = regularization.Evaluate(parameters, StepSize, gradient);
        return result with { Regularization = value };
    }

    /// <summary>Loss and number correct without storing anything for a backward pass
    /// (discards the stored forward pass).</summary>
    /// <exception cref="NumericalBreakdownException">The loss is NaN or infinite.</exception>
    public LossResult Evaluate(NetworkParameters parameters, ReadOnlySpan<double> features,
        ReadOnlySpan<int> labels)
    {
        int batch = CheckBatch(parameters, features, labels.Length);
        _forwardStored = false;
        return CheckFinite(Pass(parameters, features, labels, batch, store: false));
    }

    /// <summary>The predicted class of every sample (batch = predicted.Length); discards the
    /// stored forward pass.</summary>
    public void Predict(NetworkParameters parameters, ReadOnlySpan<double> features,
        Span<int> predicted)
    {
        int batch = CheckBatch(parameters, features, predicted.Length);
        _forwardStored = false;
        for (int start = 0; start < batch; start += ChunkColumns)
        {
            int columns = Math.Min(ChunkColumns, batch - start);
            var y = PropagateChunk(parameters, features[start..], batch, columns, 0, start, false);
            Classifier.Predict(parameters.ClassifierWeights, parameters.ClassifierBias, y,
                predicted.Slice(start, columns), _scores);
        }
    }

    private LossResult Pass(NetworkParameters parameters, ReadOnlySpan<double> features,
        ReadOnlySpan<int> labels, int batch, bool store)
    {
        double lossSum = 0;
        int correct = 0;
        for (int start = 0, q = 0; start < batch; start += ChunkColumns, q++)
        {
            int columns = Math.Min(ChunkColumns, batch - start);
            var y = PropagateChunk(parameters, features[start..], batch, columns, q, start, store);
            var r = Classifier.Forward(parameters.ClassifierWeights, parameters.ClassifierBias, y,
                labels.Slice(start, columns),
                _scores.AsSpan(Config.Classes * start, Config.Classes * columns));
            lossSum += r.Loss * columns;
            correct += r.Correct;
        }

        return new LossResult(lossSum / batch, 0.0, correct, batch);
    }

    /// <summary>Propagates the column block starting at sample <paramref name="start"/>;
    /// returns u_N of the block.</summary>
    private ReadOnlySpan<double> PropagateChunk(NetworkParameters parameters,
        ReadOnlySpan<double> x, int ldx, int columns, int q, int start, bool store)
    {
        int rows = Stepper.StateRows;
        int length = rows * columns;
        double h = StepSize;
        bool all = store && Storage == StateStorage.StoreAll;
        int offset = all ? rows * start : 0;

        // Y₀ = σ(K₀ X + b₀); u₀ = (Y₀; 0).
        var y0 = _y0.AsSpan(Config.Width * start, Config.Width * columns);
        Opening.ForwardStrided(parameters.OpeningWeights, parameters.OpeningBias, x, ldx, y0,
            columns);
        Stepper.Embed(y0, _states[0].AsSpan(offset, length), columns);

        // u_{j+1} = Φ_j(u_j, θ_j); the last step of an inverting pass lands in the kept u_N.
        int slot = 0;
        for (int j = 0; j < Config.Layers; j++)
        {
            int next = all ? j + 1 : 1 - slot;
            var target = store && !all && j == Config.Layers - 1
                ? _final.AsSpan(rows * start, length)
                : _states[next].AsSpan(offset, length);
            var cache = all ? _caches[j].AsSpan(_cachePerChunk * q) : default;
            Stepper.Forward(j, h, parameters.Layer(j), _states[slot].AsSpan(offset, length), target,
                cache, _ws);
            slot = next;
        }

        return store && !all
            ? _final.AsSpan(rows * start, length)
            : _states[slot].AsSpan(offset, length);
    }

    private void BackwardChunk(NetworkParameters parameters, ReadOnlySpan<double> x, int ldx,
        ReadOnlySpan<int> labels, int q, int start, NetworkParameters gradient)
    {
        int columns = labels.Length;
        int rows = Stepper.StateRows;
        int length = rows * columns;
        int n = Config.Width * columns;
        double h = StepSize;
        bool all = Storage == StateStorage.StoreAll;
        int offset = all ? rows * start : 0;
        var lambda = _lambda.AsSpan(0, length);
        var lambdaNext = _lambdaNext.AsSpan(0, length);

        // λ_N = (∇_{Y_N} loss; 0).
        var uN = all
            ? _states[Config.Layers].AsSpan(offset, length)
            : _final.AsSpan(rows * start, length);
        Classifier.BackwardPart(parameters.ClassifierWeights, uN, labels,
            _scores.AsSpan(Config.Classes * start, Config.Classes * columns), lambdaNext[..n],
            gradient.ClassifierWeights, gradient.ClassifierBias, _batch);
        lambdaNext[n..].Clear();

        // λ_j = (∂Φ_j/∂u_j)ᵀ λ_{j+1}; ∇θ_j += (∂Φ_j/∂θ_j)ᵀ λ_{j+1}.
        ReadOnlySpan<double> uNext = uN;
        int slot = 0;
        for (int j = Config.Layers - 1; j >= 0; j--)
        {
            var theta = parameters.Layer(j);
            ReadOnlySpan<double> u;
            ReadOnlySpan<double> cache;
            if (all)
            {
                u = _states[j].AsSpan(offset, length);
                cache = _caches[j].AsSpan(_cachePerChunk * q);
            }
            else
            {
                // u_j = Φ_j⁻¹(u_{j+1}).
                var target = _states[slot].AsSpan(0, length);
                Stepper.Inverse(j, h, theta, uNext, target, _ws);
                slot = 1 - slot;
                u = target;
                uNext = target;
                cache = default;
            }

            Stepper.Adjoint(j, h, theta, u, cache, lambdaNext, lambda, gradient.Layer(j), _ws);
            var swap = lambda;
            lambda = lambdaNext;
            lambdaNext = swap;
        }

        // Opening layer with the first w rows of λ₀.
        Opening.BackwardStrided(x, ldx, _y0.AsSpan(Config.Width * start, n), lambdaNext[..n],
            gradient.OpeningWeights, gradient.OpeningBias, _work, columns);
    }

    private int CheckBatch(NetworkParameters parameters, ReadOnlySpan<double> features, int batch)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (batch < 1 || batch > MaxBatch)
        {
            throw new ArgumentException($"a batch of {batch} is outside [1, {MaxBatch}]");
        }

        if (features.Length != Config.Features * batch)
        {
            throw new ArgumentException($"{features.Length} feature values do not make "
                + $"{Config.Features} × {batch}", nameof(features));
        }

        if (parameters.Width != Config.Width || parameters.Features != Config.Features
            || parameters.Classes != Config.Classes || parameters.LayerCount != Config.Layers
            || parameters.LayerParameterCount != Stepper.ParameterCount)
        {
            throw new ArgumentException("the parameters do not match the network's shape",
                nameof(parameters));
        }

        return batch;
    }

    private static LossResult CheckFinite(LossResult result)
    {
        if (!double.IsFinite(result.Loss))
        {
            throw new NumericalBreakdownException(
                $"the loss is {result.Loss}: forward propagation diverged");
        }

        return result;
    }
}
