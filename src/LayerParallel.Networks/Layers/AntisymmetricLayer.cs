using LayerParallel.Core.LinearAlgebra;

namespace LayerParallel.Networks.Layers;

/// <summary>
/// f(Y, θ) = σ(M Y + b) with M = K − Kᵀ − γI, θ = (K, b): K = θ[0, w²) row-major,
/// b = θ[w², w² + w). γ ≥ 0 is fixed (not trained).
/// </summary>
/// <remarks>
/// M − (−γI) is antisymmetric, so the eigenvalues of the linearization
/// diag(σ') M have real parts ≤ 0 for monotone σ: the continuous forward propagation is
/// stable (Haber and Ruthotto 2017). With P = M Y + b, A = σ(P) (cached) and
/// D = scale·v ⊙ σ'(P): (∂f/∂Y)ᵀ v·scale = Mᵀ D, and with G = D Yᵀ: ∇_K += G − Gᵀ,
/// ∇_b += Σ_columns D.
/// </remarks>
public sealed class AntisymmetricLayer : ActivatedLayer
{
    /// <summary>An antisymmetric layer of width <paramref name="width"/> and damping γ.</summary>
    /// <exception cref="ArgumentOutOfRangeException">γ negative or not finite.</exception>
    public AntisymmetricLayer(int width, Activation activation, double gamma)
        : base(width, activation)
    {
        if (!(gamma >= 0) || double.IsInfinity(gamma))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "γ must be finite, ≥ 0");
        }

        Gamma = gamma;
    }

    /// <summary>The damping γ in M = K − Kᵀ − γI.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override int ScratchLength(int batch) => (Width * batch) + (2 * Width * Width);

    /// <summary>M ← K − Kᵀ − γI (w × w row-major) from the first w² doubles of θ.</summary>
    public void BuildMatrix(ReadOnlySpan<double> theta, Span<double> m)
    {
        int w = Width;
        for (int i = 0; i < w; i++)
        {
            for (int j = 0; j < w; j++)
            {
                m[(i * w) + j] = theta[(i * w) + j] - theta[(j * w) + i];
            }

            m[(i * w) + i] = -Gamma;
        }
    }

    /// <inheritdoc/>
    public override void Evaluate(ReadOnlySpan<double> theta, ReadOnlySpan<double> y,
        double scale, ReadOnlySpan<double> addend, Span<double> result, Span<double> cache,
        Span<double> scratch, int batch)
    {
        int w = Width;
        var m = scratch.Slice(w * batch, w * w);
        BuildMatrix(theta, m);

        // A = σ(M Y + b); result = addend + scale·A.
        Activate(Transpose.No, m, y, theta.Slice(w * w, w), cache[..(w * batch)], batch, scale,
            addend, result);
    }

    /// <inheritdoc/>
    public override void VectorJacobian(ReadOnlySpan<double> theta, ReadOnlySpan<double> y,
        ReadOnlySpan<double> cache, ReadOnlySpan<double> v, double scale,
        ReadOnlySpan<double> addend, Span<double> gradY, Span<double> gradTheta,
        Span<double> scratch, int batch)
    {
        int w = Width;
        var d = scratch[..(w * batch)];
        var m = scratch.Slice(w * batch, w * w);
        var g = scratch.Slice((w * batch) + (w * w), w * w);
        bool withTheta = !gradTheta.IsEmpty;
        BuildMatrix(theta, m);

        // D = scale·v ⊙ σ'(P); ∇b += Σ_k D; gradY = addend + Mᵀ D.
        BackActivate(m, cache, v, scale, addend, gradY,
            withTheta ? gradTheta.Slice(w * w, w) : Span<double>.Empty, d, batch);
        if (!withTheta)
        {
            return;
        }

        // G = D Yᵀ; ∇K += G − Gᵀ.
        Blas.Gemm(Transpose.No, Transpose.Yes, w, w, batch, 1.0, d, batch, y, batch, 0.0, g, w);
        for (int i = 0; i < w; i++)
        {
            for (int j = 0; j < w; j++)
            {
                gradTheta[(i * w) + j] += g[(i * w) + j] - g[(j * w) + i];
            }
        }
    }
}
