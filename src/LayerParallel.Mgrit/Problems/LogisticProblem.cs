using System.Runtime.CompilerServices;

namespace LayerParallel.Mgrit.Problems;

/// <summary>
/// A nonlinear test problem for FAS: independent logistic equations u_j' = r_j·u_j(1 − u_j),
/// u_j(0) = u0_j, with backward Euler solved in closed form.
/// </summary>
/// <remarks>
/// A step of size h solves v − h·r·v(1 − v) = u, i.e. h·r·v² + (1 − h·r)·v − u = 0; its
/// positive root is computed without cancellation as
/// v = 2u / ((1 − h·r) + √((1 − h·r)² + 4·h·r·u)), exact up to rounding for u ≥ 0. Each
/// component's exact solution is u0·e^{rt} / (1 − u0 + u0·e^{rt}).
/// </remarks>
public sealed class LogisticProblem : ArrayStateProblem
{
    private readonly double[] _rates;
    private readonly double[] _start;
    private readonly double _initialGuess;

    /// <summary>A logistic problem with one component per rate.</summary>
    /// <param name="rates">Growth rates r_j &gt; 0.</param>
    /// <param name="start">Initial values u0_j in (0, 1).</param>
    /// <param name="initialGuess">Every component of u_i, i &gt; 0, before the first
    /// iteration (≥ 0).</param>
    public LogisticProblem(double[] rates, double[] start, double initialGuess = 0.5)
        : base(rates.Length)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(start.Length, rates.Length);
        _rates = (double[])rates.Clone();
        _start = (double[])start.Clone();
        _initialGuess = initialGuess;
    }

    /// <summary>The exact solution of component <paramref name="j"/> at time t.</summary>
    public double Exact(int j, double t)
    {
        double growth = Math.Exp(_rates[j] * t);
        return _start[j] * growth / (1 - _start[j] + (_start[j] * growth));
    }

    /// <inheritdoc/>
    public override ArrayState Create(int fineIndex)
    {
        var state = new ArrayState(Length);
        for (int j = 0; j < Length; j++)
        {
            state.Values[j] = fineIndex == 0 ? _start[j] : _initialGuess;
        }

        return state;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Step(ArrayState u, in StepContext step)
    {
        var v = u.Values;
        for (int j = 0; j < v.Length; j++)
        {
            // v ← 2u / ((1 − hr) + √((1 − hr)² + 4hr·u))
            double hr = step.Dt * _rates[j];
            double b = 1 - hr;
            v[j] = 2 * v[j] / (b + Math.Sqrt((b * b) + (4 * hr * v[j])));
        }
    }
}
