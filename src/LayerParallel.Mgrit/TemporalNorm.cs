namespace LayerParallel.Mgrit;

/// <summary>
/// How the spatial norms ‖r_i‖ at the fine C-points combine into ‖r‖ (XBraid's tnorm).
/// </summary>
public enum TemporalNorm
{
    /// <summary>‖r‖ = Σ_i ‖r_i‖ (XBraid tnorm 1).</summary>
    One = 1,

    /// <summary>‖r‖ = (Σ_i ‖r_i‖²)^½ (XBraid tnorm 2, the default).</summary>
    Two = 2,

    /// <summary>‖r‖ = max_i ‖r_i‖ (XBraid tnorm 3).</summary>
    Infinity = 3,
}
