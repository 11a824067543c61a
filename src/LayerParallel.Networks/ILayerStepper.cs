namespace LayerParallel.Networks;

/// <summary>
/// One layer as a one-step map u_{j+1} = Φ_j(u_j, θ_j) on an augmented state, and its exact
/// discrete adjoint. Serial backprop and the MGRIT backend (fine and coarse steps) call it.
/// </summary>
/// <remarks>
/// <para>Layout: a state is <see cref="StateRows"/> × batch, row-major, one column per sample;
/// the batch is <c>u.Length / StateRows</c>. The first <see cref="Width"/> rows are Y. The
/// augmented rows are, per integrator: Euler and RK4 none (Y only; 2w rows for the Hamiltonian
/// pair (Y; Z)); Verlet (Y_j; Z_{j−1/2}); AB3 (Y_j; F_{j−1}; F_{j−2}), each block as wide as
/// the ODE state.</para>
/// <para>Arguments: <c>index</c> is the fine index j of the step's start (AB3's start-up reads
/// it: 0 Euler, 1 AB2, ≥ 2 AB3); <c>h</c> the step, which may be m·h_fine on a coarse level;
/// <c>theta</c> the layer's <see cref="ParameterCount"/> weights. <c>uNext</c> and <c>u</c>
/// never alias, nor do <c>lambda</c> and <c>lambdaNext</c>. All scratch comes from the
/// <see cref="StepWorkspace"/>, which must have been created by this stepper for at least the
/// batch in use; one workspace per thread. No method allocates.</para>
/// <para>Adjoint: λ = (∂Φ/∂u)ᵀ λ_next and gradTheta += (∂Φ/∂θ)ᵀ λ_next, which is exactly
/// backpropagation through the discrete step.</para>
/// </remarks>
public interface ILayerStepper
{
    /// <summary>Width w of Y.</summary>
    int Width { get; }

    /// <summary>Rows of the augmented state u (w, 2w, 3w or 6w).</summary>
    int StateRows { get; }

    /// <summary>Doubles in one θ_j.</summary>
    int ParameterCount { get; }

    /// <summary>Doubles that <see cref="Forward"/> stores for <see cref="Adjoint"/> per step.
    /// </summary>
    int CacheLength(int batch);

    /// <summary>All scratch for steps with up to <paramref name="batch"/> samples; create once.
    /// </summary>
    StepWorkspace CreateWorkspace(int batch);

    /// <summary>u₀ ← (Y₀; 0): copies Y₀ (w × batch) into the first w rows, zeros elsewhere.
    /// </summary>
    void Embed(ReadOnlySpan<double> y0, Span<double> u0, int batch);

    /// <summary>
    /// uNext ← Φ_index(u, θ) with step h. When <paramref name="cache"/> is not empty it has
    /// <see cref="CacheLength"/> doubles and receives what <see cref="Adjoint"/> needs.
    /// </summary>
    void Forward(int index, double h, ReadOnlySpan<double> theta, ReadOnlySpan<double> u,
        Span<double> uNext, Span<double> cache, StepWorkspace ws);

    /// <summary>
    /// λ ← (∂Φ/∂u)ᵀ λ_next and, unless <paramref name="gradTheta"/> is empty,
    /// gradTheta += (∂Φ/∂θ)ᵀ λ_next, linearized at <paramref name="u"/>.
    /// </summary>
    /// <remarks><paramref name="cache"/> is what <see cref="Forward"/> stored for this u, or empty:
    /// then the step's intermediate values are recomputed from u into the workspace.</remarks>
    void Adjoint(int index, double h, ReadOnlySpan<double> theta, ReadOnlySpan<double> u,
        ReadOnlySpan<double> cache, ReadOnlySpan<double> lambdaNext, Span<double> lambda,
        Span<double> gradTheta, StepWorkspace ws);

    /// <summary>True when <see cref="Inverse"/> is available (Verlet).</summary>
    bool IsReversible { get; }

    /// <summary>u ← Φ_index⁻¹(uNext, θ); only when <see cref="IsReversible"/>.</summary>
    /// <exception cref="NotSupportedException">The stepper is not reversible.</exception>
    void Inverse(int index, double h, ReadOnlySpan<double> theta, ReadOnlySpan<double> uNext,
        Span<double> u, StepWorkspace ws);
}
