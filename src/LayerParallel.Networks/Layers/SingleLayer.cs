using LayerParallel.Core.LinearAlgebra;
using LayerParallel.Networks.Activations;

namespace LayerParallel.Networks.Layers;

/// <summary>
/// f(Y, θ) = σ(K Y + b), θ = (K, b): K is w × w row-major (θ[0, w²)), b is θ[w², w² + w).
/// </summary>
/// <remarks>
/// With P = K Y + b, A = σ(P) (cached) and D = scale·v ⊙ σ'(P):
/// (∂f/∂Y)ᵀ v·scale = Kᵀ D, ∇_K += D Yᵀ, ∇_b += Σ_columns D.
/// </remarks>
public sealed class SingleLayer : ILayerFunction
{
    /// <summary>A single layer of width <paramref name="width"/>.</summary>
    public SingleLayer(int width, Activation activation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Width = width;
        Activation = activation;
    }

    /// <summary>The activation σ.</summary>
    public Activation Activation { get; }

    /// <inheritdoc/>
    public int Width { get; }

    /// <inheritdoc/>
    public int StateRows => Width;

    /// <inheritdoc/>
    public int ParameterCount => (Width * Width) + Width;

    /// <inheritdoc/>
    public int CacheRows => Width;

    /// <inheritdoc/>
    public int ScratchLength(int batch) => Width * batch;

    /// <inheritdoc/>
    public void Evaluate(ReadOnlySpan<double> theta, ReadOnlySpan<double> y, double scale,
        ReadOnlySpan<double> addend, Span<double> result, Span<double> cache,
        Span<double> scratch, int batch)
    {
        int w = Width;
        var a = cache[..(w * batch)];

        // A = σ(K Y + b); result = addend + scale·A.
        Blas.Gemm(Transpose.No, Transpose.No, w, batch, w, 1.0, theta, w, y, batch, 0.0, a, batch);
        ActivationKernels.BiasActivate(Activation, a, theta.Slice(w * w, w), batch, scale, addend,
            result);
    }

    /// <inheritdoc/>
    public void VectorJacobian(ReadOnlySpan<double> theta, ReadOnlySpan<double> y,
        ReadOnlySpan<double> cache, ReadOnlySpan<double> v, double scale,
        ReadOnlySpan<double> addend, Span<double> gradY, Span<double> gradTheta,
        Span<double> scratch, int batch)
    {
        int w = Width;
        var d = scratch[..(w * batch)];
        bool withTheta = !gradTheta.IsEmpty;

        // D = scale·v ⊙ σ'(P); ∇b += Σ_k D; gradY ← addend (fused when addend is v).
        double beta = LayerMath.FusedAddend(addend, v, gradY[..(w * batch)],
            out var copyTarget);
        ActivationKernels.DerivativeProduct(Activation, cache, v, scale, d,
            withTheta ? gradTheta.Slice(w * w, w) : Span<double>.Empty, w, batch, copyTarget);

        // gradY = addend + Kᵀ D.
        Blas.Gemm(Transpose.Yes, Transpose.No, w, batch, w, 1.0, theta, w, d, batch, beta, gradY,
            batch);

        // ∇K += D Yᵀ.
        if (withTheta)
        {
            Blas.Gemm(Transpose.No, Transpose.Yes, w, w, batch, 1.0, d, batch, y, batch, 1.0,
                gradTheta, w);
        }
    }
}
