using LayerParallel.Mgrit;
using LayerParallel.Networks;

namespace LayerParallel.Parallel;

/// <summary>
/// The forward propagation u_{j+1} = Φ_j(u_j, θ_j) as an MGRIT problem over points 0..N.
/// A step from fine index i to i+m uses θ_i (injection) and step m·h; point 0 holds the output
/// of the opening layer, embedded in the integrator's state.
/// </summary>
public sealed class ForwardNetworkProblem : StateProblem
{
    private readonly LayerWeights _weights;
    private readonly double _h;

    /// <summary>Creates the problem for minibatches of <paramref name="batch"/> samples.</summary>
    public ForwardNetworkProblem(ILayerStepper stepper, LayerWeights weights, double h, int batch)
        : base(stepper, batch)
    {
        _weights = weights;
        _h = h;
        InitialState = new double[PackedLength];
    }

    /// <summary>u_0, set by the caller (on the owner of point 0) before each solve.</summary>
    public double[] InitialState { get; }

    /// <inheritdoc/>
    /// <remarks>Point 0 gets u_0 (known on its owner only); every other point starts at zero,
    /// so that the initial guess, and with it every inexact result, is the same on any number
    /// of ranks.</remarks>
    public override StateVector Create(int fineIndex)
    {
        var v = new StateVector(PackedLength);
        if (fineIndex == 0)
        {
            InitialState.CopyTo(v.Data, 0);
        }

        return v;
    }

    /// <inheritdoc/>
    /// <remarks>Δt is m·h computed from the indices, so a fine step uses exactly the serial h.</remarks>
    public override void Step(StateVector u, in StepContext step)
    {
        double dt = (step.To - step.From) * _h;
        Stepper.Forward(step.From, dt, _weights.Get(step.From), u.Data, Scratch, [], Workspace);
        SwapResultInto(u);
    }
}
