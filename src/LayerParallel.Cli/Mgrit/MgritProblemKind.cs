namespace LayerParallel.Cli.Mgrit;

/// <summary>The test problems <c>layerparallel mgrit</c> solves.</summary>
public enum MgritProblemKind
{
    /// <summary>u' = −u, u(0) = 1, backward Euler: XBraid's ex-01.</summary>
    Dahlquist = 0,

    /// <summary>1-D heat equation on [0, π] with exact solution sin(x)cos(t): XBraid's ex-02.
    /// </summary>
    Heat1D = 1,
}
