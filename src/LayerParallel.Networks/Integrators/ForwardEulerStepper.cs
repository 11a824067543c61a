using LayerParallel.Networks.Layers;

namespace LayerParallel.Networks.Integrators;

/// <summary>Forward Euler, the classic ResNet layer: Φ(Y) = Y + h f(Y, θ).</summary>
/// <remarks>
/// State u = Y (<see cref="ILayerFunction.StateRows"/> rows). Adjoint:
/// λ = λ' + h (∂f/∂Y)ᵀ λ', ∇θ += h (∂f/∂θ)ᵀ λ'. The cache is the activation outputs of
/// f at Y; the update Y + h f is fused into the activation pass.
/// </remarks>
public sealed class ForwardEulerStepper : StepperBase
{
    /// <summary>Forward Euler for <paramref name="function"/>.</summary>
    public ForwardEulerStepper(ILayerFunction function) : base(function, 1)
    {
    }

    /// <inheritdoc/>
    public override int CacheLength(int batch) => Function.CacheRows * batch;

    /// <inheritdoc/>
    public override StepWorkspace CreateWorkspace(int batch) =>
        new(batch, CacheLength(batch) + Function.ScratchLength(batch));

    /// <inheritdoc/>
    public override void Forward(int index, double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> u, Span<double> uNext, Span<double> cache, StepWorkspace ws)
    {
        int batch = CheckStep(theta, u.Length, uNext.Length, cache.Length, ws);
        var wsCache = ws.Slice(0, CacheLength(batch));
        var scratch = Scratch(ws, batch);

        // Y' = Y + h f(Y, θ).
        Function.Evaluate(theta, u, h, u, uNext[..u.Length], cache.IsEmpty ? wsCache : cache,
            scratch, batch);
    }

    /// <inheritdoc/>
    public override void Adjoint(int index, double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> u, ReadOnlySpan<double> cache, ReadOnlySpan<double> lambdaNext,
        Span<double> lambda, Span<double> gradTheta, StepWorkspace ws)
    {
        int batch = CheckStep(theta, u.Length, lambda.Length, cache.Length, ws);
        CheckAdjoint(u.Length, lambdaNext.Length, gradTheta.Length);
        var scratch = Scratch(ws, batch);
        if (cache.IsEmpty)
        {
            var wsCache = ws.Slice(0, CacheLength(batch));
            Function.Evaluate(theta, u, 0.0, default, default, wsCache, scratch, batch);
            cache = wsCache;
        }

        // λ = λ' + h (∂f/∂Y)ᵀ λ'; ∇θ += h (∂f/∂θ)ᵀ λ'.
        var lamNext = lambdaNext[..u.Length];
        Function.VectorJacobian(theta, u, cache, lamNext, h, lamNext, lambda[..u.Length],
            gradTheta, scratch, batch);
    }

    private Span<double> Scratch(StepWorkspace ws, int batch) =>
        ws.Slice(CacheLength(batch), Function.ScratchLength(batch));
}
