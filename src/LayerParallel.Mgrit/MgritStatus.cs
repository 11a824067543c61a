namespace LayerParallel.Mgrit;

/// <summary>How an MGRIT solve ended.</summary>
public enum MgritStatus
{
    /// <summary>The residual norm fell below the tolerance.</summary>
    Converged = 0,

    /// <summary>The iteration limit was reached before the tolerance.</summary>
    MaxIterationsReached = 1,

    /// <summary>The residual norm became NaN or infinite; the states are not usable.</summary>
    Diverged = 2,

    /// <summary>
    /// One level only: no iterations were made; <see cref="MgritSolver{TVector}.Access"/>
    /// computes the solution by sequential time stepping.
    /// </summary>
    Sequential = 3,
}
