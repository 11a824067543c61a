using LayerParallel.Core.LinearAlgebra;

namespace LayerParallel.Networks.Layers;

/// <summary>
/// f(Y, θ) = σ(K Y + b), θ = (K, b): K is w × w row-major (θ[0, w²)), b is θ[w², w² + w).
/// </summary>
/// <remarks>
/// With P = K Y + b, A = σ(P) (cached) and D = scale·v ⊙ σ'(P):
/// (∂f/∂Y)ᵀ v·scale = Kᵀ D, ∇_K += D Yᵀ, ∇_b += Σ_columns D.
/// </remarks>
public sealed class SingleLayer : ActivatedLayer
{
    /// <summary>A single layer of width <paramref name="width"/>.</summary>
    public SingleLayer(int width, Activation activation)
        : base(width, activation)
    {
    }

    /// <inheritdoc/>
    public override void Evaluate(ReadOnlySpan<double> theta, ReadOnlySpan<double> y,
        double scale, ReadOnlySpan<double> addend, Span<double> result, Span<double> cache,
        Span<double> scratch, int batch)
    {
        int w = Width;

        // A = σ(K Y + b); result = addend + scale·A.
        Activate(Transpose.No, theta, y, theta.Slice(w * w, w), cache[..(w * batch)], batch,
            scale, addend, result);
    }

    /// <inheritdoc/>
    public override void VectorJacobian(ReadOnlySpan<double> theta, ReadOnlySpan<double> y,
        ReadOnlySpan<double> cache, ReadOnlySpan<double> v, double scale,
        ReadOnlySpan<double> addend, Span<double> gradY, Span<double> gradTheta,
        Span<double> scratch, int batch)
    {
        int w = Width;
        var d = scratch[..(w * batch)];
        bool withTheta = !gradTheta.IsEmpty;

        // D = scale·v ⊙ σ'(P); ∇b += Σ_k D; gradY = addend + Kᵀ D.
        BackActivate(theta, cache, v, scale, addend, gradY,
            withTheta ? gradTheta.Slice(w * w, w) : Span<double>.Empty, d, batch);

        // ∇K += D Yᵀ.
        if (withTheta)
        {
            Blas.Gemm(Transpose.No, Transpose.Yes, w, w, batch, 1.0, d, batch, y, batch, 1.0,
                gradTheta, w);
        }
    }
}
