namespace LayerParallel.Networks;

/// <summary>How <see cref="SerialNetwork"/> obtains the states u_j that backpropagation
/// needs.</summary>
public enum StateStorage
{
    /// <summary>Forward propagation stores every state and step cache (memory grows with N).
    /// </summary>
    StoreAll,

    /// <summary>
    /// Reversible steppers only (<see cref="IntegratorKind.Verlet"/>): keep u_N and recompute
    /// u_{j} = Φ_j⁻¹(u_{j+1}) during the backward pass; memory does not grow with N.
    /// </summary>
    InvertSteps,
}
