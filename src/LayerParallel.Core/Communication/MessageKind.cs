namespace LayerParallel.Core.Communication;

/// <summary>What a point-to-point message carries; part of every <see cref="MessageTag"/>.</summary>
public enum MessageKind
{
    /// <summary>A state sent to the right neighbour during relaxation or interpolation.</summary>
    BoundaryState = 1,

    /// <summary>A state needed for the FAS residual or restriction.</summary>
    RestrictionState = 2,

    /// <summary>The coarsest-level sequential solve passing a state along.</summary>
    CoarseSolve = 3,

    /// <summary>A state gathered for output (access) on another rank.</summary>
    Access = 4,

    /// <summary>Layer weights exchanged between neighbours (ghost layers).</summary>
    Weights = 5,

    /// <summary>An adjoint value or gradient piece exchanged between neighbours.</summary>
    Gradient = 6,

    /// <summary>Coordinator control messages (commands from rank 0).</summary>
    Control = 7,

    /// <summary>Free for tests and user problems.</summary>
    User = 8,
}
