using LayerParallel.Core.LinearAlgebra;
using LayerParallel.Networks.Activations;

namespace LayerParallel.Networks.Layers;

/// <summary>
/// The Hamiltonian pair on the 2w-row state (Y; Z):
/// f(Y, Z) = (σ(Kᵀ Z + b), −σ(K Y + b)), θ = (K, b): K = θ[0, w²) row-major, b = θ[w², w² + w).
/// Verlet (<see cref="Integrators.VerletStepper"/>) integrates exactly this system.
/// </summary>
/// <remarks>
/// Cache rows: A₁ = σ(Kᵀ Z + b) (rows 0..w) then A₂ = σ(K Y + b) (rows w..2w). For
/// v = (v_Y; v_Z), D₁ = scale·v_Y ⊙ σ'(Kᵀ Z + b), D₂ = −scale·v_Z ⊙ σ'(K Y + b):
/// (∂f/∂Y)ᵀ v·scale = Kᵀ D₂, (∂f/∂Z)ᵀ v·scale = K D₁, ∇_K += Z D₁ᵀ + D₂ Yᵀ,
/// ∇_b += Σ_columns (D₁ + D₂).
/// </remarks>
public sealed class HamiltonianLayer : ActivatedLayer
{
    /// <summary>A Hamiltonian pair of width <paramref name="width"/> (state 2w rows).</summary>
    public HamiltonianLayer(int width, Activation activation)
        : base(width, activation)
    {
    }

    /// <inheritdoc/>
    public override int StateRows => 2 * Width;

    /// <inheritdoc/>
    public override int CacheRows => 2 * Width;

    /// <inheritdoc/>
    public override void Evaluate(ReadOnlySpan<double> theta, ReadOnlySpan<double> y,
        double scale, ReadOnlySpan<double> addend, Span<double> result, Span<double> cache,
        Span<double> scratch, int batch)
    {
        int w = Width;
        int n = w * batch;
        var bias = theta.Slice(w * w, w);
        var a1 = cache[..n];
        var a2 = cache.Slice(n, n);
        bool write = !result.IsEmpty;
        bool add = !addend.IsEmpty;

        // A₁ = σ(Kᵀ Z + b); result_Y = addend_Y + scale·A₁.
        Activate(Transpose.Yes, theta, y.Slice(n, n), bias, a1, batch, scale,
            add ? addend[..n] : ReadOnlySpan<double>.Empty,
            write ? result[..n] : Span<double>.Empty);

        // A₂ = σ(K Y + b); result_Z = addend_Z − scale·A₂.
        Activate(Transpose.No, theta, y, bias, a2, batch, -scale,
            add ? addend.Slice(n, n) : ReadOnlySpan<double>.Empty,
            write ? result.Slice(n, n) : Span<double>.Empty);
    }

    /// <inheritdoc/>
    public override void VectorJacobian(ReadOnlySpan<double> theta, ReadOnlySpan<double> y,
        ReadOnlySpan<double> cache, ReadOnlySpan<double> v, double scale,
        ReadOnlySpan<double> addend, Span<double> gradY, Span<double> gradTheta,
        Span<double> scratch, int batch)
    {
        int w = Width;
        int n = w * batch;
        var d = scratch[..n];
        bool withTheta = !gradTheta.IsEmpty;
        var gradBias = withTheta ? gradTheta.Slice(w * w, w) : Span<double>.Empty;
        double beta = LayerMath.CopyAddend(addend, gradY[..(2 * n)]);

        // D₁ = scale·v_Y ⊙ σ'(Kᵀ Z + b); grad_Z (+)= K D₁; ∇K += Z D₁ᵀ.
        ActivationKernels.DerivativeProduct(Activation, cache[..n], v[..n], scale, d, gradBias, w,
            batch);
        Blas.Gemm(Transpose.No, Transpose.No, w, batch, w, 1.0, theta, w, d, batch, beta,
            gradY.Slice(n, n), batch);
        if (withTheta)
        {
            Blas.Gemm(Transpose.No, Transpose.Yes, w, w, batch, 1.0, y.Slice(n, n), batch, d,
                batch, 1.0, gradTheta, w);
        }

        // D₂ = −scale·v_Z ⊙ σ'(K Y + b); grad_Y (+)= Kᵀ D₂; ∇K += D₂ Yᵀ.
        ActivationKernels.DerivativeProduct(Activation, cache.Slice(n, n), v.Slice(n, n), -scale,
            d, gradBias, w, batch);
        Blas.Gemm(Transpose.Yes, Transpose.No, w, batch, w, 1.0, theta, w, d, batch, beta,
            gradY[..n], batch);
        if (withTheta)
        {
            Blas.Gemm(Transpose.No, Transpose.Yes, w, w, batch, 1.0, d, batch, y, batch, 1.0,
                gradTheta, w);
        }
    }
}
