namespace LayerParallel.Networks.Layers;

/// <summary>
/// The right-hand side f(y, θ) of the layer ODE ∂_t y = f(y, θ(t)) on a
/// <see cref="StateRows"/> × batch block, and its vector-Jacobian products. The integrators
/// build their one-step maps from it.
/// </summary>
/// <remarks>
/// <para>θ is one flat array: the matrices row-major, one after the other, then the bias (its
/// last <see cref="Width"/> doubles) — see each implementation for the exact layout.</para>
/// <para><see cref="Evaluate"/> stores what the derivatives need (the activation outputs) in a
/// cache of <see cref="CacheRows"/> × batch doubles; <see cref="VectorJacobian"/> reads it.
/// Scratch is passed in (<see cref="ScratchLength"/>); nothing allocates.</para>
/// </remarks>
public interface ILayerFunction
{
    /// <summary>Width w (rows of Y).</summary>
    int Width { get; }

    /// <summary>Rows of the ODE state y: w, or 2w for the Hamiltonian pair (Y; Z).</summary>
    int StateRows { get; }

    /// <summary>Doubles in θ.</summary>
    int ParameterCount { get; }

    /// <summary>Rows (× batch) that <see cref="Evaluate"/> caches.</summary>
    int CacheRows { get; }

    /// <summary>Doubles of scratch that either method needs for <paramref name="batch"/>
    /// samples.</summary>
    int ScratchLength(int batch);

    /// <summary>
    /// result ← addend + scale·f(y, θ) (scale·f when <paramref name="addend"/> is empty;
    /// nothing when <paramref name="result"/> is empty); the cache receives the activation
    /// outputs. The axpy is fused into the activation pass.
    /// </summary>
    /// <remarks><paramref name="result"/> may be the very span <paramref name="addend"/> but
    /// must not overlap y, the cache or the scratch.</remarks>
    void Evaluate(ReadOnlySpan<double> theta, ReadOnlySpan<double> y, double scale,
        ReadOnlySpan<double> addend, Span<double> result, Span<double> cache,
        Span<double> scratch, int batch);

    /// <summary>
    /// gradY ← addend + scale·(∂f/∂y)ᵀ v (just scale·(∂f/∂y)ᵀ v when
    /// <paramref name="addend"/> is empty) and, unless <paramref name="gradTheta"/> is empty,
    /// gradTheta += scale·(∂f/∂θ)ᵀ v, at the y whose <see cref="Evaluate"/> filled
    /// <paramref name="cache"/>.
    /// </summary>
    /// <remarks><paramref name="addend"/> may be the very span <paramref name="gradY"/>
    /// (accumulate) or the very span <paramref name="v"/> (the copy is fused into the
    /// derivative pass); gradY must not overlap v, y, the cache or the scratch.</remarks>
    void VectorJacobian(ReadOnlySpan<double> theta, ReadOnlySpan<double> y,
        ReadOnlySpan<double> cache, ReadOnlySpan<double> v, double scale,
        ReadOnlySpan<double> addend, Span<double> gradY, Span<double> gradTheta,
        Span<double> scratch, int batch);
}
