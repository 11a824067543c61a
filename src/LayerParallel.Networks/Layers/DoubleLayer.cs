using LayerParallel.Core.LinearAlgebra;
using LayerParallel.Networks.Activations;

namespace LayerParallel.Networks.Layers;

/// <summary>
/// f(Y, θ) = K₂ σ(K₁ Y + b), θ = (K₁, K₂, b): K₁ = θ[0, w²), K₂ = θ[w², 2w²), b = θ[2w², 2w² + w),
/// matrices w × w row-major.
/// </summary>
/// <remarks>
/// With P = K₁ Y + b, A = σ(P) (cached) and D = scale·(K₂ᵀ v) ⊙ σ'(P):
/// (∂f/∂Y)ᵀ v·scale = K₁ᵀ D, ∇_{K₁} += D Yᵀ, ∇_{K₂} += scale·v Aᵀ, ∇_b += Σ_columns D.
/// </remarks>
public sealed class DoubleLayer : ActivatedLayer
{
    /// <summary>A double layer of width <paramref name="width"/>.</summary>
    public DoubleLayer(int width, Activation activation)
        : base(width, activation)
    {
    }

    /// <inheritdoc/>
    public override int ParameterCount => (2 * Width * Width) + Width;

    /// <inheritdoc/>
    public override void Evaluate(ReadOnlySpan<double> theta, ReadOnlySpan<double> y,
        double scale, ReadOnlySpan<double> addend, Span<double> result, Span<double> cache,
        Span<double> scratch, int batch)
    {
        int w = Width;
        int n = w * batch;
        var a = cache[..n];

        // A = σ(K₁ Y + b).
        Activate(Transpose.No, theta, y, theta.Slice(2 * w * w, w), a, batch, 0.0,
            ReadOnlySpan<double>.Empty, Span<double>.Empty);
        if (result.IsEmpty)
        {
            return;
        }

        // result = addend + scale·K₂ A.
        double beta = 0.0;
        if (!addend.IsEmpty)
        {
            if (!addend.Overlaps(result))
            {
                addend[..n].CopyTo(result);
            }

            beta = 1.0;
        }

        Blas.Gemm(Transpose.No, Transpose.No, w, batch, w, scale, theta.Slice(w * w, w * w), w,
            a, batch, beta, result, batch);
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
        var k2 = theta.Slice(w * w, w * w);

        // ∇K₂ += scale·v Aᵀ.
        if (withTheta)
        {
            Blas.Gemm(Transpose.No, Transpose.Yes, w, w, batch, scale, v, batch, cache, batch,
                1.0, gradTheta.Slice(w * w, w * w), w);
        }

        // D = scale·(K₂ᵀ v) ⊙ σ'(P); ∇b += Σ_k D.
        Blas.Gemm(Transpose.Yes, Transpose.No, w, batch, w, 1.0, k2, w, v, batch, 0.0, d, batch);
        ActivationKernels.DerivativeProduct(Activation, cache, d, scale, d,
            withTheta ? gradTheta.Slice(2 * w * w, w) : Span<double>.Empty, w, batch);

        // gradY = addend + K₁ᵀ D; ∇K₁ += D Yᵀ.
        double beta = LayerMath.CopyAddend(addend, gradY[..n]);
        Blas.Gemm(Transpose.Yes, Transpose.No, w, batch, w, 1.0, theta, w, d, batch, beta, gradY,
            batch);
        if (withTheta)
        {
            Blas.Gemm(Transpose.No, Transpose.Yes, w, w, batch, 1.0, d, batch, y, batch, 1.0,
                gradTheta, w);
        }
    }
}
