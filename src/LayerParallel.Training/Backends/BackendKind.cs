namespace LayerParallel.Training.Backends;

/// <summary>How gradients are computed; selects the <see cref="IGradientBackend"/>.</summary>
public enum BackendKind
{
    /// <summary>Sequential forward propagation and backprop on one rank
    /// (<see cref="SerialGradientBackend"/>).</summary>
    Serial,

    /// <summary>Layer-parallel: forward and adjoint propagation solved by MGRIT across
    /// ranks.</summary>
    Mgrit,
}
