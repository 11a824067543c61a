namespace LayerParallel.Networks;

/// <summary>The time integrator whose steps are the layers (see docs/design.md).</summary>
public enum IntegratorKind
{
    /// <summary>Y' = Y + h f(Y, θ_j): the classic ResNet. Order 1.</summary>
    ForwardEuler,

    /// <summary>Classic four-stage Runge–Kutta with θ_j held fixed over the step. Order 4.</summary>
    RungeKutta4,

    /// <summary>
    /// Adams–Bashforth 3 on the augmented state (Y_j; F_{j−1}; F_{j−2}); step index 0 is
    /// Euler, index 1 AB2, index ≥ 2 AB3.
    /// </summary>
    AdamsBashforth3,

    /// <summary>
    /// Störmer–Verlet (leapfrog) for <see cref="NetworkKind.Hamiltonian"/> on (Y_j; Z_{j−1/2}),
    /// Z_{−1/2} = 0. Reversible.
    /// </summary>
    Verlet,
}
