using LayerParallel.Core.LinearAlgebra;
using LayerParallel.Networks.Activations;

namespace LayerParallel.Networks;

/// <summary>
/// The opening layer Y₀ = σ(K₀ X + b₀) that lifts features × batch inputs X to the width w
/// (K₀ is w × features, row-major). Stateless; on the first rank of a layer-parallel run.
/// </summary>
/// <remarks>Backward with D = λ₀ ⊙ σ'(K₀ X + b₀): ∇K₀ += D Xᵀ, ∇b₀ += Σ_columns D (inputs
/// get no gradient).</remarks>
public sealed class OpeningLayer
{
    /// <summary>An opening layer from <paramref name="features"/> to
    /// <paramref name="width"/>.</summary>
    public OpeningLayer(int features, int width, Activation activation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Features = features;
        Width = width;
        Activation = activation;
    }

    /// <summary>Input features (columns of K₀).</summary>
    public int Features { get; }

    /// <summary>Width w (rows of Y₀).</summary>
    public int Width { get; }

    /// <summary>The activation σ.</summary>
    public Activation Activation { get; }

    /// <summary>Y₀ ← σ(K₀ X + b₀); X is features × batch, Y₀ is w × batch.</summary>
    public void Forward(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias,
        ReadOnlySpan<double> x, Span<double> y0, int batch) =>
        ForwardStrided(weights, bias, x, batch, y0, batch);

    /// <summary><see cref="Forward"/> on the columns of a wider X whose rows are
    /// <paramref name="ldx"/> apart.</summary>
    internal void ForwardStrided(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias,
        ReadOnlySpan<double> x, int ldx, Span<double> y0, int batch)
    {
        Check(weights, bias, x.Length + ldx - batch, ldx, y0.Length, batch);
        var y = y0[..(Width * batch)];
        Blas.Gemm(Transpose.No, Transpose.No, Width, batch, Features, 1.0, weights, Features, x,
            ldx, 0.0, y, batch);
        ActivationKernels.BiasActivate(Activation, y, bias[..Width], batch, 0.0, default, default);
    }

    /// <summary>
    /// ∇K₀ += D Xᵀ and ∇b₀ += Σ_columns D with D = λ₀ ⊙ σ'(·) taken from the output Y₀ of
    /// <see cref="Forward"/>; <paramref name="work"/> (w × batch doubles) receives D.
    /// </summary>
    public void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> y0,
        ReadOnlySpan<double> lambda0, Span<double> gradWeights, Span<double> gradBias,
        Span<double> work, int batch) =>
        BackwardStrided(x, batch, y0, lambda0, gradWeights, gradBias, work, batch);

    /// <summary>The backward pass for columns of a wider X whose rows are
    /// <paramref name="ldx"/> apart.</summary>
    internal void BackwardStrided(ReadOnlySpan<double> x, int ldx, ReadOnlySpan<double> y0,
        ReadOnlySpan<double> lambda0, Span<double> gradWeights, Span<double> gradBias,
        Span<double> work, int batch)
    {
        int n = Width * batch;
        if (y0.Length < n || lambda0.Length < n || work.Length < n
            || x.Length + ldx - batch < Features * ldx || gradWeights.Length < Width * Features
            || gradBias.Length < Width)
        {
            throw new ArgumentException($"opening layer backward: a span is too short for a "
                + $"batch of {batch}");
        }

        var d = work[..n];
        ActivationKernels.DerivativeProduct(Activation, y0, lambda0, 1.0, d, gradBias[..Width],
            Width, batch);
        Blas.Gemm(Transpose.No, Transpose.Yes, Width, Features, batch, 1.0, d, batch, x, ldx,
            1.0, gradWeights, Features);
    }

    private void Check(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int xRoom,
        int ldx, int outputLength, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (weights.Length < Width * Features || bias.Length < Width || ldx < batch
            || xRoom < Features * ldx || outputLength < Width * batch)
        {
            throw new ArgumentException($"opening layer: a span is too short for a batch of "
                + $"{batch} (w = {Width}, features = {Features})");
        }
    }
}
