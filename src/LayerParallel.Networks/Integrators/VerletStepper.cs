using LayerParallel.Core.LinearAlgebra;
using LayerParallel.Networks.Activations;
using LayerParallel.Networks.Layers;

namespace LayerParallel.Networks.Integrators;

/// <summary>
/// Störmer–Verlet (leapfrog) for the Hamiltonian pair on u_j = (Y_j; Z_{j−1/2}):
/// Z_{j+1/2} = Z_{j−1/2} − h σ(K Y_j + b), Y_{j+1} = Y_j + h σ(Kᵀ Z_{j+1/2} + b).
/// Reversible: <see cref="Inverse"/> undoes a step.
/// </summary>
/// <remarks>
/// <para>θ = (K, b) as in <see cref="HamiltonianLayer"/>. Cache: A₁ = σ(K Y + b) and
/// A₂ = σ(Kᵀ Z' + b), 2w × batch; Z' = Z − h A₁ is recomputed in the adjoint.</para>
/// <para>Adjoint of λ' = (λ'_Y; λ'_Z): D₂ = h λ'_Y ⊙ σ'(Kᵀ Z' + b),
/// λ_Z = λ'_Z + K D₂; D₁ = −h λ_Z ⊙ σ'(K Y + b), λ_Y = λ'_Y + Kᵀ D₁;
/// ∇K += Z' D₂ᵀ + D₁ Yᵀ, ∇b += Σ_columns (D₁ + D₂).</para>
/// <para>Inverse: Y = Y' − h σ(Kᵀ Z' + b), then Z = Z' + h σ(K Y + b).</para>
/// <para>With Z_{−1/2} = 0 taken as the ODE's z(0) = 0, the scheme is first order in general
/// (the staggered start is off by h/2·z'(0)); it is second order when z'(0) = 0, i.e.
/// σ(K Y₀ + b) = 0 at the first layer (docs/networks.md).</para>
/// </remarks>
public sealed class VerletStepper : StepperBase
{
    /// <summary>Verlet for the Hamiltonian pair <paramref name="function"/>.</summary>
    public VerletStepper(HamiltonianLayer function) : base(function, 1)
    {
        Activation = function.Activation;
    }

    /// <summary>The activation σ.</summary>
    public Activation Activation { get; }

    /// <inheritdoc/>
    public override bool IsReversible => true;

    /// <inheritdoc/>
    public override int CacheLength(int batch) => 2 * Width * batch;

    /// <inheritdoc/>
    public override StepWorkspace CreateWorkspace(int batch) => new(batch, 4 * Width * batch);

    /// <inheritdoc/>
    public override void Forward(int index, double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> u, Span<double> uNext, Span<double> cache, StepWorkspace ws)
    {
        int batch = CheckStep(theta, u.Length, uNext.Length, cache.Length, ws);
        int n = Width * batch;
        var c = cache.IsEmpty ? ws.Slice(0, 2 * n) : cache;
        Step(h, theta, u, uNext, c[..n], c.Slice(n, n), batch);
    }

    /// <inheritdoc/>
    public override void Adjoint(int index, double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> u, ReadOnlySpan<double> cache, ReadOnlySpan<double> lambdaNext,
        Span<double> lambda, Span<double> gradTheta, StepWorkspace ws)
    {
        int batch = CheckStep(theta, u.Length, lambda.Length, cache.Length, ws);
        CheckAdjoint(u.Length, lambdaNext.Length, gradTheta.Length);
        int w = Width;
        int n = w * batch;
        var zHalf = ws.Slice(2 * n, n);
        var d = ws.Slice(3 * n, n);
        ReadOnlySpan<double> a1;
        ReadOnlySpan<double> a2;
        if (cache.IsEmpty)
        {
            // Recompute A₁, A₂ and Z' (Z' goes to the Y block of a throw-away output).
            var c1 = ws.Slice(0, n);
            var c2 = ws.Slice(n, n);
            RecomputeForAdjoint(h, theta, u, c1, c2, zHalf, batch);
            a1 = c1;
            a2 = c2;
        }
        else
        {
            a1 = cache[..n];
            a2 = cache.Slice(n, n);

            // Z' = Z − h A₁ (the same fused operation as the forward step).
            Integrators.VectorOps.MultiplyAdd(-h, a1, u.Slice(n, n), zHalf);
        }

        var k = theta[..(w * w)];
        bool withTheta = !gradTheta.IsEmpty;
        var gradBias = withTheta ? gradTheta.Slice(w * w, w) : Span<double>.Empty;
        var lamY = lambda[..n];
        var lamZ = lambda.Slice(n, n);

        // D₂ = h λ'_Y ⊙ σ'(Kᵀ Z' + b); λ_Z = λ'_Z + K D₂; ∇K += Z' D₂ᵀ.
        ActivationKernels.DerivativeProduct(Activation, a2, lambdaNext[..n], h, d, gradBias, w,
            batch);
        lambdaNext.Slice(n, n).CopyTo(lamZ);
        Blas.Gemm(Transpose.No, Transpose.No, w, batch, w, 1.0, k, w, d, batch, 1.0, lamZ, batch);
        if (withTheta)
        {
            Blas.Gemm(Transpose.No, Transpose.Yes, w, w, batch, 1.0, zHalf, batch, d, batch, 1.0,
                gradTheta, w);
        }

        // D₁ = −h λ_Z ⊙ σ'(K Y + b); λ_Y = λ'_Y + Kᵀ D₁; ∇K += D₁ Yᵀ.
        ActivationKernels.DerivativeProduct(Activation, a1, lamZ, -h, d, gradBias, w, batch);
        lambdaNext[..n].CopyTo(lamY);
        Blas.Gemm(Transpose.Yes, Transpose.No, w, batch, w, 1.0, k, w, d, batch, 1.0, lamY, batch);
        if (withTheta)
        {
            Blas.Gemm(Transpose.No, Transpose.Yes, w, w, batch, 1.0, d, batch, u, batch, 1.0,
                gradTheta, w);
        }
    }

    /// <inheritdoc/>
    public override void Inverse(int index, double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> uNext, Span<double> u, StepWorkspace ws)
    {
        int batch = CheckStep(theta, uNext.Length, u.Length, 0, ws);
        int w = Width;
        int n = w * batch;
        var k = theta[..(w * w)];
        var bias = theta.Slice(w * w, w);
        var p = ws.Slice(0, n);

        // Y = Y' − h σ(Kᵀ Z' + b).
        Blas.Gemm(Transpose.Yes, Transpose.No, w, batch, w, 1.0, k, w, uNext.Slice(n, n), batch,
            0.0, p, batch);
        ActivationKernels.BiasActivate(Activation, p, bias, batch, -h, uNext[..n], u[..n]);

        // Z = Z' + h σ(K Y + b).
        Blas.Gemm(Transpose.No, Transpose.No, w, batch, w, 1.0, k, w, u, batch, 0.0, p, batch);
        ActivationKernels.BiasActivate(Activation, p, bias, batch, h, uNext.Slice(n, n),
            u.Slice(n, n));
    }

    private void Step(double h, ReadOnlySpan<double> theta, ReadOnlySpan<double> u,
        Span<double> uNext, Span<double> a1, Span<double> a2, int batch)
    {
        int w = Width;
        int n = w * batch;
        var k = theta[..(w * w)];
        var bias = theta.Slice(w * w, w);

        // Z' = Z − h σ(K Y + b).
        Blas.Gemm(Transpose.No, Transpose.No, w, batch, w, 1.0, k, w, u, batch, 0.0, a1, batch);
        ActivationKernels.BiasActivate(Activation, a1, bias, batch, -h, u.Slice(n, n),
            uNext.Slice(n, n));

        // Y' = Y + h σ(Kᵀ Z' + b).
        Blas.Gemm(Transpose.Yes, Transpose.No, w, batch, w, 1.0, k, w, uNext.Slice(n, n), batch,
            0.0, a2, batch);
        ActivationKernels.BiasActivate(Activation, a2, bias, batch, h, u[..n], uNext[..n]);
    }

    private void RecomputeForAdjoint(double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> u, Span<double> a1, Span<double> a2, Span<double> zHalf, int batch)
    {
        int w = Width;
        int n = w * batch;
        var k = theta[..(w * w)];
        var bias = theta.Slice(w * w, w);
        Blas.Gemm(Transpose.No, Transpose.No, w, batch, w, 1.0, k, w, u, batch, 0.0, a1, batch);
        ActivationKernels.BiasActivate(Activation, a1, bias, batch, -h, u.Slice(n, n), zHalf);
        Blas.Gemm(Transpose.Yes, Transpose.No, w, batch, w, 1.0, k, w, zHalf, batch, 0.0, a2,
            batch);
        ActivationKernels.BiasActivate(Activation, a2, bias, batch, 0.0, default, default);
    }
}
