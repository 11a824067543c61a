using LayerParallel.Networks.Layers;

namespace LayerParallel.Networks.Integrators;

/// <summary>
/// Adams–Bashforth 3 as a one-step map on the augmented state u_j = (Y_j; F_{j−1}; F_{j−2}),
/// with F_i = f(Y_i, θ_i).
/// </summary>
/// <remarks>
/// <para>F_j = f(Y_j, θ_j); Y_{j+1} = Y_j + h (c₀ F_j + c₁ F_{j−1} + c₂ F_{j−2}); output
/// (Y_{j+1}; F_j; F_{j−1}). Start-up by the step index j: j = 0 Euler (c = 1, 0, 0), j = 1
/// AB2 (3/2, −1/2, 0), j ≥ 2 AB3 (23/12, −16/12, 5/12). <see cref="ILayerStepper.Embed"/>
/// sets F_{−1} = F_{−2} = 0, which the start-up never reads.</para>
/// <para>The Euler start-up step has local error h²/2·Y''(0), so for generic data the network
/// is globally second order; it is third order when Y''(0) = 0 (docs/networks.md).</para>
/// <para>Adjoint of λ' = (λ'_Y; λ'_F; λ'_{F1}): g = h c₀ λ'_Y + λ'_F;
/// λ_Y = λ'_Y + (∂f/∂Y)ᵀ g; λ_{F1} = h c₁ λ'_Y + λ'_{F1}; λ_{F2} = h c₂ λ'_Y;
/// ∇θ += (∂f/∂θ)ᵀ g. The cache is f's cache at Y_j.</para>
/// </remarks>
public sealed class AdamsBashforth3Stepper : StepperBase
{
    /// <summary>AB3 for <paramref name="function"/>; the state holds three blocks.</summary>
    public AdamsBashforth3Stepper(ILayerFunction function) : base(function, 3)
    {
    }

    /// <summary>The weights (c₀, c₁, c₂) of F_j, F_{j−1}, F_{j−2} at step index j.</summary>
    public static (double C0, double C1, double C2) Coefficients(int index) => index switch
    {
        0 => (1.0, 0.0, 0.0),
        1 => (1.5, -0.5, 0.0),
        _ => (23.0 / 12.0, -16.0 / 12.0, 5.0 / 12.0),
    };

    /// <inheritdoc/>
    public override int CacheLength(int batch) => Function.CacheRows * batch;

    /// <inheritdoc/>
    public override StepWorkspace CreateWorkspace(int batch) =>
        new(batch, CacheLength(batch) + (Function.StateRows * batch)
            + Function.ScratchLength(batch));

    /// <inheritdoc/>
    public override void Forward(int index, double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> u, Span<double> uNext, Span<double> cache, StepWorkspace ws)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        int batch = CheckStep(theta, u.Length, uNext.Length, cache.Length, ws);
        int n = Function.StateRows * batch;
        int c = CacheLength(batch);
        var wsCache = ws.Slice(0, c);
        var scratch = ws.Slice(c + n, Function.ScratchLength(batch));
        var y = u[..n];
        var f1 = u.Slice(n, n);
        var f2 = u.Slice(2 * n, n);
        var yNext = uNext[..n];
        var f = uNext.Slice(n, n);
        var (c0, c1, c2) = Coefficients(index);

        // F_j = f(Y_j, θ_j), stored as the second block of the output.
        Function.Evaluate(theta, y, 1.0, default, f, cache.IsEmpty ? wsCache : cache, scratch,
            batch);

        // Y_{j+1} = Y_j + h (c₀ F_j + c₁ F_{j−1} + c₂ F_{j−2}).
        VectorOps.MultiplyAdd(h * c0, f, y, yNext);
        if (c1 != 0.0)
        {
            VectorOps.MultiplyAdd(h * c1, f1, yNext, yNext);
        }

        if (c2 != 0.0)
        {
            VectorOps.MultiplyAdd(h * c2, f2, yNext, yNext);
        }

        // Third block: F_{j−1}.
        f1.CopyTo(uNext.Slice(2 * n, n));
    }

    /// <inheritdoc/>
    public override void Adjoint(int index, double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> u, ReadOnlySpan<double> cache, ReadOnlySpan<double> lambdaNext,
        Span<double> lambda, Span<double> gradTheta, StepWorkspace ws)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        int batch = CheckStep(theta, u.Length, lambda.Length, cache.Length, ws);
        CheckAdjoint(u.Length, lambdaNext.Length, gradTheta.Length);
        int n = Function.StateRows * batch;
        int c = CacheLength(batch);
        var wsCache = ws.Slice(0, c);
        var g = ws.Slice(c, n);
        var scratch = ws.Slice(c + n, Function.ScratchLength(batch));
        var y = u[..n];
        if (cache.IsEmpty)
        {
            Function.Evaluate(theta, y, 0.0, default, default, wsCache, scratch, batch);
            cache = wsCache;
        }

        var lamY = lambdaNext[..n];
        var lamF = lambdaNext.Slice(n, n);
        var lamF1 = lambdaNext.Slice(2 * n, n);
        var (c0, c1, c2) = Coefficients(index);

        // g = h c₀ λ'_Y + λ'_F; λ_Y = λ'_Y + (∂f/∂Y)ᵀ g; ∇θ += (∂f/∂θ)ᵀ g.
        VectorOps.MultiplyAdd(h * c0, lamY, lamF, g);
        Function.VectorJacobian(theta, y, cache, g, 1.0, lamY, lambda[..n], gradTheta, scratch,
            batch);

        // λ_{F1} = h c₁ λ'_Y + λ'_{F1}; λ_{F2} = h c₂ λ'_Y.
        VectorOps.MultiplyAdd(h * c1, lamY, lamF1, lambda.Slice(n, n));
        VectorOps.Scale(h * c2, lamY, lambda.Slice(2 * n, n));
    }
}
