namespace LayerParallel.Networks.Parameters;

/// <summary>How <see cref="NetworkParameters.Prolongate"/> maps N layers to 2N (cascadic
/// multilevel training: h → h/2).</summary>
public enum ProlongationKind
{
    /// <summary>θ^{2N}_{2j} = θ^{2N}_{2j+1} = θ^N_j: θ(t) piecewise constant on
    /// [t_j, t_{j+1}).</summary>
    PiecewiseConstant,

    /// <summary>
    /// θ^N_j sits at t_j = j h; the fine layers at t = i h/2 interpolate linearly:
    /// θ^{2N}_{2j} = θ^N_j, θ^{2N}_{2j+1} = (θ^N_j + θ^N_{j+1})/2, and the last one,
    /// θ^{2N}_{2N−1} = θ^N_{N−1} (constant extrapolation).
    /// </summary>
    Linear,
}
