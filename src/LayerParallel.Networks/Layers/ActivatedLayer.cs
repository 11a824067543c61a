using LayerParallel.Core.LinearAlgebra;
using LayerParallel.Networks.Activations;

namespace LayerParallel.Networks.Layers;

/// <summary>
/// What the layer functions share: width w, activation σ, the sizes of a w-row layer with one
/// w × w matrix and a bias, and the fused pre-activation pass A = σ(K Y + b).
/// </summary>
public abstract class ActivatedLayer : ILayerFunction
{
    /// <summary>A layer of width <paramref name="width"/> with activation
    /// <paramref name="activation"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">width is less than 1.</exception>
    protected ActivatedLayer(int width, Activation activation)
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
    /// <remarks>w unless overridden.</remarks>
    public virtual int StateRows => Width;

    /// <inheritdoc/>
    /// <remarks>w² + w (one matrix and the bias) unless overridden.</remarks>
    public virtual int ParameterCount => (Width * Width) + Width;

    /// <inheritdoc/>
    /// <remarks>w unless overridden.</remarks>
    public virtual int CacheRows => Width;

    /// <inheritdoc/>
    /// <remarks>w·batch unless overridden.</remarks>
    public virtual int ScratchLength(int batch) => Width * batch;

    /// <inheritdoc/>
    public abstract void Evaluate(ReadOnlySpan<double> theta, ReadOnlySpan<double> y,
        double scale, ReadOnlySpan<double> addend, Span<double> result, Span<double> cache,
        Span<double> scratch, int batch);

    /// <inheritdoc/>
    public abstract void VectorJacobian(ReadOnlySpan<double> theta, ReadOnlySpan<double> y,
        ReadOnlySpan<double> cache, ReadOnlySpan<double> v, double scale,
        ReadOnlySpan<double> addend, Span<double> gradY, Span<double> gradTheta,
        Span<double> scratch, int batch);

    /// <summary>
    /// A = σ(op(K) Y + b) into <paramref name="a"/> (w × batch), op(K) = K or Kᵀ for the
    /// w × w row-major <paramref name="k"/>; then, unless <paramref name="result"/> is empty,
    /// result = addend + scale·A (see <see cref="ActivationKernels.BiasActivate"/>).
    /// </summary>
    protected void Activate(Transpose opK, ReadOnlySpan<double> k, ReadOnlySpan<double> y,
        ReadOnlySpan<double> bias, Span<double> a, int batch, double scale,
        ReadOnlySpan<double> addend, Span<double> result)
    {
        int w = Width;
        Blas.Gemm(opK, Transpose.No, w, batch, w, 1.0, k, w, y, batch, 0.0, a, batch);
        ActivationKernels.BiasActivate(Activation, a, bias, batch, scale, addend, result);
    }

    /// <summary>
    /// The backward pass of <see cref="Activate"/> with op(K) = K, for a layer whose
    /// f(Y) = σ(K Y + b): D = scale·v ⊙ σ'(P) into <paramref name="d"/> (σ' from the cached
    /// A), ∇b += Σ_columns D unless <paramref name="gradBias"/> is empty, and
    /// gradY = addend + Kᵀ D (the addend copy fused into the derivative pass when the addend
    /// is v).
    /// </summary>
    protected void BackActivate(ReadOnlySpan<double> k, ReadOnlySpan<double> cache,
        ReadOnlySpan<double> v, double scale, ReadOnlySpan<double> addend, Span<double> gradY,
        Span<double> gradBias, Span<double> d, int batch)
    {
        int w = Width;
        double beta = LayerMath.FusedAddend(addend, v, gradY[..(w * batch)],
            out var copyTarget);
        ActivationKernels.DerivativeProduct(Activation, cache, v, scale, d, gradBias, w, batch,
            copyTarget);
        Blas.Gemm(Transpose.Yes, Transpose.No, w, batch, w, 1.0, k, w, d, batch, beta, gradY,
            batch);
    }
}
