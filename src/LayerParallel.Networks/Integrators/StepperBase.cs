using LayerParallel.Networks.Layers;

namespace LayerParallel.Networks.Integrators;

/// <summary>What every stepper built on an <see cref="ILayerFunction"/> shares: sizes,
/// argument checks and the non-reversible <see cref="ILayerStepper.Inverse"/>.</summary>
public abstract class StepperBase : ILayerStepper
{
    /// <summary>A stepper for the right-hand side <paramref name="function"/> whose augmented
    /// state stacks <paramref name="blocks"/> blocks of the ODE state.</summary>
    protected StepperBase(ILayerFunction function, int blocks)
    {
        ArgumentNullException.ThrowIfNull(function);
        Function = function;
        Blocks = blocks;
    }

    /// <summary>The right-hand side f(y, θ).</summary>
    public ILayerFunction Function { get; }

    /// <summary>Blocks of <see cref="ILayerFunction.StateRows"/> rows in the augmented state.
    /// </summary>
    protected int Blocks { get; }

    /// <inheritdoc/>
    public int Width => Function.Width;

    /// <inheritdoc/>
    public int StateRows => Blocks * Function.StateRows;

    /// <inheritdoc/>
    public int ParameterCount => Function.ParameterCount;

    /// <inheritdoc/>
    public virtual bool IsReversible => false;

    /// <inheritdoc/>
    public abstract int CacheLength(int batch);

    /// <inheritdoc/>
    public abstract StepWorkspace CreateWorkspace(int batch);

    /// <inheritdoc/>
    public void Embed(ReadOnlySpan<double> y0, Span<double> u0, int batch)
    {
        int n = Width * batch;
        if (y0.Length < n || u0.Length < StateRows * batch)
        {
            throw new ArgumentException(
                $"Y0 needs {n} doubles and u0 {StateRows * batch} for a batch of {batch}");
        }

        y0[..n].CopyTo(u0);
        u0[n..(StateRows * batch)].Clear();
    }

    /// <inheritdoc/>
    public abstract void Forward(int index, double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> u, Span<double> uNext, Span<double> cache, StepWorkspace ws);

    /// <inheritdoc/>
    public abstract void Adjoint(int index, double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> u, ReadOnlySpan<double> cache, ReadOnlySpan<double> lambdaNext,
        Span<double> lambda, Span<double> gradTheta, StepWorkspace ws);

    /// <inheritdoc/>
    public virtual void Inverse(int index, double h, ReadOnlySpan<double> theta,
        ReadOnlySpan<double> uNext, Span<double> u, StepWorkspace ws) =>
        throw new NotSupportedException($"{GetType().Name} is not reversible");

    /// <summary>Checks the adjoint's λ_next and the θ gradient (empty, or ≥ θ's length).</summary>
    /// <exception cref="ArgumentException">A length does not fit.</exception>
    protected void CheckAdjoint(int stateLength, int lambdaNextLength, int gradThetaLength)
    {
        if (lambdaNextLength < stateLength)
        {
            throw new ArgumentException(
                $"λ_next holds {lambdaNextLength} doubles, {stateLength} needed");
        }

        if (gradThetaLength != 0 && gradThetaLength < ParameterCount)
        {
            throw new ArgumentException(
                $"the θ gradient holds {gradThetaLength} doubles, {ParameterCount} needed");
        }
    }

    /// <summary>The batch of a state span; checks θ, the partner state, the cache and the
    /// workspace.</summary>
    /// <exception cref="ArgumentException">A length does not fit.</exception>
    protected int CheckStep(ReadOnlySpan<double> theta, int stateLength, int otherLength,
        int cacheLength, StepWorkspace ws)
    {
        ArgumentNullException.ThrowIfNull(ws);
        int rows = StateRows;
        int batch = stateLength / rows;
        if (batch < 1 || batch * rows != stateLength)
        {
            throw new ArgumentException(
                $"a state of {stateLength} doubles is not {rows} rows × batch");
        }

        if (otherLength < stateLength)
        {
            throw new ArgumentException(
                $"the destination holds {otherLength} doubles, {stateLength} needed");
        }

        if (theta.Length < ParameterCount)
        {
            throw new ArgumentException(
                $"θ holds {theta.Length} doubles, {ParameterCount} needed", nameof(theta));
        }

        if (cacheLength != 0 && cacheLength < CacheLength(batch))
        {
            throw new ArgumentException(
                $"the cache holds {cacheLength} doubles, {CacheLength(batch)} needed");
        }

        ws.EnsureBatch(batch);
        return batch;
    }
}
