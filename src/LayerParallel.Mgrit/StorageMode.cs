namespace LayerParallel.Mgrit;

/// <summary>
/// Which finest-level states the solver keeps between <see cref="MgritSolver{TVector}.Solve"/>
/// and <see cref="MgritSolver{TVector}.Access"/> (XBraid's <c>storage</c> on level 0).
/// </summary>
/// <remarks>
/// Coarse levels always keep C-points only. The choice changes no result: the residual history
/// and every state handed out by Access are the same bits either way; only where the final
/// F-relaxation's steps are made, and the memory held, differ.
/// </remarks>
public enum StorageMode
{
    /// <summary>
    /// Keep u at the C-points only (XBraid storage −1, the default); every Access recomputes
    /// the F-points by one F-relaxation.
    /// </summary>
    CPointsOnly = 0,

    /// <summary>
    /// Also keep u at the finest F-points (XBraid storage 0): one extra state per F-point,
    /// allocated at setup. Solve ends with the F-relaxation that fills them, and Access hands
    /// them out without stepping, however often it is called.
    /// </summary>
    AllPoints = 1,
}
