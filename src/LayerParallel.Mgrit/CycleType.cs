namespace LayerParallel.Mgrit;

/// <summary>The multigrid cycle of one MGRIT iteration.</summary>
public enum CycleType
{
    /// <summary>
    /// V-cycle: relax and restrict down to the coarsest level, then interpolate up.
    /// </summary>
    V = 0,

    /// <summary>
    /// F-cycle (XBraid's FMG): after each coarse solve, V-cycles are repeated from every
    /// intermediate level before moving up (XBraid <c>braid_SetFMG</c>, every iteration).
    /// </summary>
    F = 1,
}
