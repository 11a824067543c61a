using LayerParallel.Mgrit;
using LayerParallel.Networks;

namespace LayerParallel.Parallel;

/// <summary>
/// The forward propagation u_{j+1} = Φ_j(u_j, θ_j) as an MGRIT problem over points 0..N.
/// A step from fine index i to i+m uses θ_i (injection) and step m·h; point 0 holds the output
/// of the opening layer, embedded in the integrator's state.
/// </summary>
public sealed class ForwardNetworkProblem : IMgritProblem<StateVector>
{
    private readonly ILayerStepper _stepper;
    private readonly LayerWeights _weights;
    private readonly double _h;
    private readonly StepWorkspace _workspace;
    private double[] _scratch;

    /// <summary>Creates the problem for minibatches of <paramref name="batch"/> samples.</summary>
    public ForwardNetworkProblem(ILayerStepper stepper, LayerWeights weights, double h, int batch)
    {
        _stepper = stepper;
        _weights = weights;
        _h = h;
        PackedLength = stepper.StateRows * batch;
        _workspace = stepper.CreateWorkspace(batch);
        _scratch = new double[PackedLength];
        InitialState = new double[PackedLength];
    }

    /// <summary>u_0, set by the caller (on the owner of point 0) before each solve.</summary>
    public double[] InitialState { get; }

    /// <inheritdoc/>
    public int PackedLength { get; }

    /// <inheritdoc/>
    /// <remarks>Point 0 gets u_0; every other point gets u_0 too, the state of a network whose
    /// layers do nothing, a better first guess than zero for a residual network.</remarks>
    public StateVector Create(int fineIndex)
    {
        var v = new StateVector(PackedLength);
        InitialState.CopyTo(v.Data, 0);
        return v;
    }

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
    public void Sum(double a, StateVector x, double b, StateVector y) => VectorOps.Sum(a, x.Data, b, y.Data);

    /// <inheritdoc/>
    public double Norm(StateVector x) => VectorOps.Norm(x.Data);

    /// <inheritdoc/>
    /// <remarks>Δt is m·h computed from the indices, so a fine step uses exactly the serial h.</remarks>
    public void Step(StateVector u, in StepContext step)
    {
        double dt = (step.To - step.From) * _h;
        _stepper.Forward(step.From, dt, _weights.Get(step.From), u.Data, _scratch, [], _workspace);
        (u.Data, _scratch) = (_scratch, u.Data);
    }

    /// <inheritdoc/>
    public void Pack(StateVector x, Span<double> buffer) => x.Data.CopyTo(buffer);

    /// <inheritdoc/>
    public void Unpack(ReadOnlySpan<double> buffer, StateVector x) => buffer.CopyTo(x.Data);
}
