using System.Runtime.CompilerServices;

namespace LayerParallel.Mgrit.Problems;

/// <summary>
/// The scalar test equation u' = λu, u(0) = u_0, with backward Euler — XBraid's ex-01.
/// </summary>
/// <remarks>
/// One step from t_a to t_b is u ← u / (1 − λ(t_b − t_a)), evaluated as
/// <c>(1 / ((1 − λ·t_b) + λ·t_a))·u</c>: for λ = −1 this is, operation for operation,
/// XBraid ex-01's <c>1./(1. + tstop-tstart)*u</c>, so both codes produce the same bits.
/// The initial guess at every point but 0 is a constant (ex-01 uses 0.456).
/// </remarks>
/// <param name="lambda">λ; backward Euler is stable for any λ ≤ 0.</param>
/// <param name="initialValue">u_0.</param>
/// <param name="initialGuess">u_i for i &gt; 0 before the first iteration.</param>
public sealed class DahlquistProblem(
    double lambda = -1.0, double initialValue = 1.0, double initialGuess = 0.456)
    : ArrayStateProblem(1)
{
    /// <summary>λ.</summary>
    public double Lambda { get; } = lambda;

    /// <inheritdoc/>
    public override ArrayState Create(int fineIndex)
    {
        var state = new ArrayState(1);
        state.Values[0] = fineIndex == 0 ? initialValue : initialGuess;
        return state;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Step(ArrayState u, in StepContext step)
    {
        double factor = 1.0 / ((1.0 - (Lambda * step.TStop)) + (Lambda * step.TStart));
        u.Values[0] = factor * u.Values[0];
    }
}
