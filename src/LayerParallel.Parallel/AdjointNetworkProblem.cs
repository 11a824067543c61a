using LayerParallel.Mgrit;
using LayerParallel.Networks;

namespace LayerParallel.Parallel;

/// <summary>
/// The discrete adjoint λ_j = (∂Φ_j/∂u_j)ᵀ λ_{j+1}, λ_N = ∂loss/∂u_N, as an MGRIT problem in
/// reversed time k = N − j. A step from k to k+m is the adjoint of the forward step from
/// j = N−k−m to N−k with step m·h and θ_j, linearized at the stored forward state u_j; the
/// owner of k+m (under the mirrored partition) is the owner of j, which holds both.
/// </summary>
public sealed class AdjointNetworkProblem : StateProblem
{
    private readonly LayerWeights _weights;
    private readonly Func<int, double[]> _forwardState;
    private readonly Func<int, double[]?> _fineCache;
    private readonly int _layers;
    private readonly double _h;

    /// <summary>Creates the adjoint problem.</summary>
    /// <param name="stepper">The forward one-step map and its adjoint.</param>
    /// <param name="weights">Layer weights readable on this rank.</param>
    /// <param name="forwardState">The stored forward state u_j of a local fine point j.</param>
    /// <param name="fineCache">What the fine forward step from j stored for its adjoint, or null
    /// (then the step recomputes it from u_j); used for fine steps only.</param>
    /// <param name="layers">N.</param>
    /// <param name="h">Fine step T/N.</param>
    /// <param name="batch">Samples per minibatch.</param>
    public AdjointNetworkProblem(
        ILayerStepper stepper, LayerWeights weights, Func<int, double[]> forwardState,
        Func<int, double[]?> fineCache, int layers, double h, int batch)
        : base(stepper, batch)
    {
        _weights = weights;
        _forwardState = forwardState;
        _fineCache = fineCache;
        _layers = layers;
        _h = h;
        TerminalState = new double[PackedLength];
    }

    /// <summary>λ_N = ∂loss/∂u_N, set by the caller (on the owner of point N) before each solve.</summary>
    public double[] TerminalState { get; }

    /// <inheritdoc/>
    /// <remarks>k = 0 gets λ_N; other points start at zero.</remarks>
    public override StateVector Create(int fineIndex)
    {
        var v = new StateVector(PackedLength);
        if (fineIndex == 0)
        {
            TerminalState.CopyTo(v.Data, 0);
        }

        return v;
    }

    /// <inheritdoc/>
    /// <remarks><paramref name="u"/> holds λ at k = step.From and receives λ at step.To.</remarks>
    public override void Step(StateVector u, in StepContext step)
    {
        int j = _layers - step.To;
        int m = step.To - step.From;
        var cache = m == 1 ? _fineCache(j) : null;
        Stepper.Adjoint(j, m * _h, _weights.Get(j), _forwardState(j), cache, u.Data, Scratch, [],
            Workspace);
        SwapResultInto(u);
    }
}
