using LayerParallel.Networks.Layers;

namespace LayerParallel.Networks.Integrators;

/// <summary>Classic four-stage Runge–Kutta with θ held fixed over the step.</summary>
/// <remarks>
/// <para>k₁ = f(Y), k₂ = f(Y + h/2 k₁), k₃ = f(Y + h/2 k₂), k₄ = f(Y + h k₃),
/// Φ(Y) = Y + h/6 (k₁ + 2k₂ + 2k₃ + k₄). Because θ_j is constant on the step, the scheme is
/// of order 4 for autonomous dynamics (θ constant in time); with layer-varying weights it is
/// the exact-order integrator of the piecewise-constant-θ ODE.</para>
/// <para>Adjoint (J_i = ∂f/∂Y at stage i, g_i the adjoint of k_i):
/// g₄ = h/6 λ', a₄ = J₄ᵀ g₄; g₃ = h/3 λ' + h a₄, a₃ = J₃ᵀ g₃; g₂ = h/3 λ' + h/2 a₃,
/// a₂ = J₂ᵀ g₂; g₁ = h/6 λ' + h/2 a₂, a₁ = J₁ᵀ g₁; λ = λ' + a₁ + a₂ + a₃ + a₄ and
/// ∇θ += Σ_i (∂f/∂θ)_iᵀ g_i.</para>
/// <para>Cache: the four stage caches of f, then the stage states Y₂, Y₃, Y₄.</para>
/// </remarks>
public sealed class RungeKutta4Stepper : StepperBase
{
    /// <summary>RK4 for <paramref name="function"/>.</summary>
    public RungeKutta4Stepper(ILayerFunction function) : base(function, 1)
    {
    }

    /// <inheritdoc/>
    public override int CacheLength(int batch) =>
        ((4 * Function.CacheRows) + (3 * Function.StateRows)) * batch;

    /// <inheritdoc/>
    public override StepWorkspace CreateWorkspace(int batch) =>
        new(batch, (3 * Function.StateRows * batch) + CacheLength(batch)
            + Function.ScratchLength(batch));

    /// <inheritdoc/>
    public override void Forward(int index, double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> u, Span<double> uNext, Span<double> cache, StepWorkspace ws)
    {
        int batch = CheckStep(theta, u.Length, uNext.Length, cache.Length, ws);
        var w = Split(ws, batch);
        Stages(h, theta, u, uNext[..u.Length], cache.IsEmpty ? w.Cache : cache, w, batch);
    }

    /// <inheritdoc/>
    public override void Adjoint(int index, double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> u, ReadOnlySpan<double> cache, ReadOnlySpan<double> lambdaNext,
        Span<double> lambda, Span<double> gradTheta, StepWorkspace ws)
    {
        int batch = CheckStep(theta, u.Length, lambda.Length, cache.Length, ws);
        CheckAdjoint(u.Length, lambdaNext.Length, gradTheta.Length);
        var w = Split(ws, batch);
        if (cache.IsEmpty)
        {
            // Recompute the stages; the step's result goes to a scratch block.
            Stages(h, theta, u, w.A, w.Cache, w, batch);
            cache = w.Cache;
        }

        int n = u.Length;
        int c = Function.CacheRows * batch;
        var lamNext = lambdaNext[..n];
        var lam = lambda[..n];
        var g = w.G;
        var a = w.A;
        lamNext.CopyTo(lam);

        // Stage 4: a₄ = J₄ᵀ (h/6 λ').
        Function.VectorJacobian(theta, StageState(cache, c, n, 2), cache.Slice(3 * c, c),
            lamNext, h / 6.0, default, a, gradTheta, w.Scratch, batch);
        VectorOps.Add(a, lam);

        // Stage 3: g₃ = h/3 λ' + h a₄.
        VectorOps.Combine(h / 3.0, lamNext, h, a, g);
        Function.VectorJacobian(theta, StageState(cache, c, n, 1), cache.Slice(2 * c, c), g, 1.0,
            default, a, gradTheta, w.Scratch, batch);
        VectorOps.Add(a, lam);

        // Stage 2: g₂ = h/3 λ' + h/2 a₃.
        VectorOps.Combine(h / 3.0, lamNext, h / 2.0, a, g);
        Function.VectorJacobian(theta, StageState(cache, c, n, 0), cache.Slice(c, c), g, 1.0,
            default, a, gradTheta, w.Scratch, batch);
        VectorOps.Add(a, lam);

        // Stage 1: g₁ = h/6 λ' + h/2 a₂.
        VectorOps.Combine(h / 6.0, lamNext, h / 2.0, a, g);
        Function.VectorJacobian(theta, u, cache[..c], g, 1.0, default, a, gradTheta, w.Scratch,
            batch);
        VectorOps.Add(a, lam);
    }

    private static ReadOnlySpan<double> StageState(ReadOnlySpan<double> cache, int c, int n,
        int i) => cache.Slice((4 * c) + (i * n), n);

    private void Stages(double h, ReadOnlySpan<double> theta, ReadOnlySpan<double> y,
        Span<double> yNext, Span<double> cache, Work w, int batch)
    {
        int n = y.Length;
        int c = Function.CacheRows * batch;
        var k = w.K;
        var y2 = cache.Slice(4 * c, n);
        var y3 = cache.Slice((4 * c) + n, n);
        var y4 = cache.Slice((4 * c) + (2 * n), n);

        // k₁ = f(Y); Y' = Y + h/6 k₁; Y₂ = Y + h/2 k₁.
        Function.Evaluate(theta, y, 1.0, default, k, cache[..c], w.Scratch, batch);
        VectorOps.MultiplyAdd(h / 6.0, k, y, yNext);
        VectorOps.MultiplyAdd(h / 2.0, k, y, y2);

        // k₂ = f(Y₂); Y' += h/3 k₂; Y₃ = Y + h/2 k₂.
        Function.Evaluate(theta, y2, 1.0, default, k, cache.Slice(c, c), w.Scratch, batch);
        VectorOps.MultiplyAdd(h / 3.0, k, yNext, yNext);
        VectorOps.MultiplyAdd(h / 2.0, k, y, y3);

        // k₃ = f(Y₃); Y' += h/3 k₃; Y₄ = Y + h k₃.
        Function.Evaluate(theta, y3, 1.0, default, k, cache.Slice(2 * c, c), w.Scratch, batch);
        VectorOps.MultiplyAdd(h / 3.0, k, yNext, yNext);
        VectorOps.MultiplyAdd(h, k, y, y4);

        // k₄ = f(Y₄); Y' += h/6 k₄.
        Function.Evaluate(theta, y4, 1.0, default, k, cache.Slice(3 * c, c), w.Scratch, batch);
        VectorOps.MultiplyAdd(h / 6.0, k, yNext, yNext);
    }

    private Work Split(StepWorkspace ws, int batch)
    {
        int n = Function.StateRows * batch;
        int c = CacheLength(batch);
        return new Work(ws.Slice(0, n), ws.Slice(n, n), ws.Slice(2 * n, n), ws.Slice(3 * n, c),
            ws.Slice((3 * n) + c, Function.ScratchLength(batch)));
    }

    private readonly ref struct Work(Span<double> k, Span<double> g, Span<double> a,
        Span<double> cache, Span<double> scratch)
    {
        public Span<double> K { get; } = k;

        public Span<double> G { get; } = g;

        public Span<double> A { get; } = a;

        public Span<double> Cache { get; } = cache;

        public Span<double> Scratch { get; } = scratch;
    }
}
