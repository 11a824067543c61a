using LayerParallel.Mgrit;
using LayerParallel.Networks;

namespace LayerParallel.Parallel;

/// <summary>
/// What the forward and the adjoint network problems share: states of
/// <c>StateRows × batch</c> doubles, their vector operations and packing, and a scratch
/// array that a step swaps with its result instead of copying.
/// </summary>
public abstract class StateProblem : IMgritProblem<StateVector>
{
    /// <summary>Sets up states for <paramref name="batch"/> samples.</summary>
    protected StateProblem(ILayerStepper stepper, int batch)
    {
        Stepper = stepper;
        PackedLength = stepper.StateRows * batch;
        Workspace = stepper.CreateWorkspace(batch);
        Scratch = new double[PackedLength];
    }

    /// <inheritdoc/>
    public int PackedLength { get; }

    /// <summary>The one-step map and its adjoint.</summary>
    protected ILayerStepper Stepper { get; }

    /// <summary>Scratch of the stepper, sized once.</summary>
    protected StepWorkspace Workspace { get; }

    /// <summary>The array a step writes into before it is swapped into the state.</summary>
    protected double[] Scratch { get; private set; }

    /// <inheritdoc/>
    public abstract StateVector Create(int fineIndex);

    /// <inheritdoc/>
    public abstract void Step(StateVector u, in StepContext step);

    /// <inheritdoc/>
    public StateVector Clone(StateVector x)
    {
        var v = new StateVector(PackedLength);
        x.Data.CopyTo(v.Data, 0);
        return v;
    }

    /// <inheritdoc/>
    public void Copy(StateVector source, StateVector destination) =>
        source.Data.CopyTo(destination.Data, 0);

    /// <inheritdoc/>
    public void Sum(double a, StateVector x, double b, StateVector y) =>
        VectorOps.Sum(a, x.Data, b, y.Data);

    /// <inheritdoc/>
    public double Norm(StateVector x) => VectorOps.Norm(x.Data);

    /// <inheritdoc/>
    public void Pack(StateVector x, Span<double> buffer) => x.Data.CopyTo(buffer);

    /// <inheritdoc/>
    public void Unpack(ReadOnlySpan<double> buffer, StateVector x) => buffer.CopyTo(x.Data);

    /// <summary>Makes the scratch array (holding a step's result) the state's values.</summary>
    protected void SwapResultInto(StateVector u) => (u.Data, Scratch) = (Scratch, u.Data);
}
