namespace LayerParallel.Mgrit;

/// <summary>How <see cref="MgritOptions.Tolerance"/> is compared with the residual norm.</summary>
public enum ToleranceKind
{
    /// <summary>
    /// Stop when ‖r_k‖ &lt; tol·‖r_0‖, with ‖r_0‖ the first residual norm the solver computed
    /// (iteration 0, or 1 when the first down-cycle is skipped). XBraid's default.
    /// </summary>
    Relative = 0,

    /// <summary>Stop when ‖r_k‖ &lt; tol.</summary>
    Absolute = 1,
}
