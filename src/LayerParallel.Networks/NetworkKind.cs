namespace LayerParallel.Networks;

/// <summary>Which ODE right-hand side f(Y, θ) the residual layers discretize.</summary>
public enum NetworkKind
{
    /// <summary>
    /// Plain residual layer: f = σ(K Y + b) (<see cref="LayerKind.Single"/>) or
    /// f = K₂ σ(K₁ Y + b) (<see cref="LayerKind.Double"/>).
    /// </summary>
    ResNet,

    /// <summary>f = σ((K − Kᵀ − γI) Y + b) with γ ≥ 0 (<see cref="NetworkConfig.Gamma"/>).</summary>
    Antisymmetric,

    /// <summary>
    /// Hamiltonian pair on the 2w-row state (Y; Z): f(Y, Z) = (σ(Kᵀ Z + b), −σ(K Y + b)).
    /// Z starts at 0. The only kind that admits <see cref="IntegratorKind.Verlet"/>.
    /// </summary>
    Hamiltonian,
}
