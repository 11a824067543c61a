namespace LayerParallel.Parallel;

/// <summary>
/// The layer weights one rank can read: the θ_j it owns and the halo copies of remote ones.
/// </summary>
public sealed class LayerWeights
{
    private readonly Func<int, double[]?> _owned;
    private readonly WeightHalo _halo;

    /// <summary>Combines owned layers and the halo.</summary>
    public LayerWeights(Func<int, double[]?> owned, WeightHalo halo)
    {
        _owned = owned;
        _halo = halo;
    }

    /// <summary>The halo of remote copies.</summary>
    public WeightHalo Halo => _halo;

    /// <summary>θ_<paramref name="layer"/>, owned or a halo copy.</summary>
    /// <exception cref="InvalidOperationException">This rank has no copy of that layer.</exception>
    public double[] Get(int layer) =>
        _owned(layer) ?? _halo.Get(layer)
        ?? throw new InvalidOperationException(
            $"layer {layer} is neither owned nor in the halo of this rank (halo plan mismatch)");

    /// <summary>θ_<paramref name="layer"/> if owned or in the halo, else null.</summary>
    public double[]? TryGet(int layer) => _owned(layer) ?? _halo.Get(layer);
}
