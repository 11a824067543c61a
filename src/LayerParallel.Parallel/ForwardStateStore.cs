using LayerParallel.Mgrit;
using LayerParallel.Networks;

namespace LayerParallel.Parallel;

/// <summary>
/// The forward states u_j of one rank's points that the adjoint linearizes at. With
/// <see cref="StorageMode.AllPoints"/> every state is kept, together with what each fine step's
/// adjoint needs (its activations). With <see cref="StorageMode.CPointsOnly"/> only the
/// finest-level C-points (multiples of the coarsening factor), the rank's first point and
/// point N are kept; any other u_j is recomputed by stepping from the C-point before it, a
/// whole interval at a time, exactly as MGRIT's final F-relaxation computed it.
/// </summary>
/// <remarks>Memory per rank: all points, or about (N/P)/cf + cf states.</remarks>
internal sealed class ForwardStateStore
{
    private readonly ILayerStepper _stepper;
    private readonly LayerWeights _weights;
    private readonly StepWorkspace _workspace;
    private readonly double[]?[] _kept;
    private readonly double[][] _caches;
    private readonly double[][] _interval;
    private readonly int _lower;
    private readonly int _upper;
    private readonly int _cf;
    private readonly double _h;
    private int _intervalAnchor = -1;

    public ForwardStateStore(
        ILayerStepper stepper, LayerWeights weights, int lower, int upper, int layers,
        double h, int batch, int cf, StorageMode mode)
    {
        _stepper = stepper;
        _weights = weights;
        _lower = lower;
        _upper = upper;
        _cf = cf;
        _h = h;
        Mode = mode;
        _workspace = stepper.CreateWorkspace(batch);
        int length = stepper.StateRows * batch;
        _kept = new double[]?[upper - lower + 1];
        for (int j = lower; j <= upper; j++)
        {
            if (mode == StorageMode.AllPoints || IsAnchor(j) || j == layers)
            {
                _kept[j - lower] = new double[length];
            }
        }

        int cacheLength = mode == StorageMode.AllPoints ? stepper.CacheLength(batch) : 0;
        _caches = mode == StorageMode.AllPoints
            ? [.. Enumerable.Range(0, upper - lower + 1).Select(_ => new double[cacheLength])]
            : [];
        _interval = mode == StorageMode.AllPoints
            ? []
            : [.. Enumerable.Range(0, cf).Select(_ => new double[length])];
    }

    /// <summary>Which states are kept.</summary>
    public StorageMode Mode { get; }

    /// <summary>Number of states held (kept and recompute buffers).</summary>
    public int HeldStates => _kept.Count(u => u is not null) + _interval.Length;

    /// <summary>Keeps u_j if this store keeps point j (called for every local point).</summary>
    public void Store(int j, double[] u)
    {
        if (_kept[j - _lower] is { } slot)
        {
            u.CopyTo(slot, 0);
        }

        _intervalAnchor = -1;
    }

    /// <summary>u_j, kept or recomputed from the C-point before it.</summary>
    public double[] Get(int j)
    {
        if (_kept[j - _lower] is { } kept)
        {
            return kept;
        }

        int anchor = Math.Max(_lower, j / _cf * _cf);
        if (anchor != _intervalAnchor)
        {
            // u_{i+1} = Φ_i(u_i) from the anchor to the end of its interval on this rank.
            var previous = _kept[anchor - _lower]!;
            for (int i = anchor + 1; i < Math.Min(anchor + _cf, _upper + 1); i++)
            {
                var next = _interval[i - anchor];
                _stepper.Forward(i - 1, _h, _weights.Get(i - 1), previous, next, [], _workspace);
                previous = next;
            }

            _intervalAnchor = anchor;
        }

        return _interval[j - anchor];
    }

    /// <summary>The stored activations of the fine step from j, or null (recompute).</summary>
    public double[]? Cache(int j) => _caches.Length == 0 ? null : _caches[j - _lower];

    /// <summary>
    /// One forward sweep over the local layers storing what each fine step's adjoint needs
    /// (all-points mode only), so fine adjoint steps and the gradient do not recompute it.
    /// </summary>
    public void FillCaches(int lastLayer, double[] scratch)
    {
        if (_caches.Length == 0)
        {
            return;
        }

        for (int j = _lower; j <= Math.Min(_upper, lastLayer); j++)
        {
            _stepper.Forward(j, _h, _weights.Get(j), _kept[j - _lower]!, scratch,
                _caches[j - _lower], _workspace);
        }
    }

    private bool IsAnchor(int j) => j == _lower || j % _cf == 0;
}
