using System.Runtime.CompilerServices;

namespace LayerParallel.Mgrit.Problems;

/// <summary>
/// The heat equation u_t = κ u_xx on (0, 1) with u = 0 at both ends and u(x, 0) = sin(πx),
/// central differences on <c>spatialPoints</c> interior nodes and backward Euler in time.
/// </summary>
/// <remarks>
/// With Δx = 1/(n+1) and α = κΔt/Δx², a step solves
/// (1 + 2α)u_j − α(u_{j−1} + u_{j+1}) = u_j^old by the Thomas algorithm, in place, with
/// scratch space allocated once. An instance is not thread-safe: use one per rank.
/// The continuous solution is e^{−κπ²t} sin(πx).
/// </remarks>
public sealed class Heat1DProblem : ArrayStateProblem
{
    private readonly double[] _upper;
    private readonly double _initialGuess;

    /// <summary>A heat problem on <paramref name="spatialPoints"/> interior nodes.</summary>
    /// <param name="spatialPoints">Interior nodes n ≥ 1.</param>
    /// <param name="diffusivity">κ &gt; 0.</param>
    /// <param name="initialGuess">Value at every node of u_i, i &gt; 0, before the first
    /// iteration.</param>
    public Heat1DProblem(int spatialPoints, double diffusivity = 1.0, double initialGuess = 0.0)
        : base(spatialPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spatialPoints, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(diffusivity);
        Diffusivity = diffusivity;
        Spacing = 1.0 / (spatialPoints + 1);
        _upper = new double[spatialPoints];
        _initialGuess = initialGuess;
    }

    /// <summary>κ.</summary>
    public double Diffusivity { get; }

    /// <summary>Δx.</summary>
    public double Spacing { get; }

    /// <inheritdoc/>
    public override ArrayState Create(int fineIndex)
    {
        var state = new ArrayState(Length);
        for (int j = 0; j < Length; j++)
        {
            state.Values[j] = fineIndex == 0
                ? Math.Sin(Math.PI * (j + 1) * Spacing)
                : _initialGuess;
        }

        return state;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Step(ArrayState u, in StepContext step)
    {
        double alpha = Diffusivity * step.Dt / (Spacing * Spacing);
        double diagonal = 1.0 + (2.0 * alpha);
        var d = u.Values;

        // Forward elimination: c'_j = −α / (b − (−α)c'_{j−1}), d'_j likewise
        double pivot = diagonal;
        _upper[0] = -alpha / pivot;
        d[0] /= pivot;
        for (int j = 1; j < d.Length; j++)
        {
            pivot = diagonal + (alpha * _upper[j - 1]);
            _upper[j] = -alpha / pivot;
            d[j] = (d[j] + (alpha * d[j - 1])) / pivot;
        }

        // Back substitution: u_j = d'_j − c'_j u_{j+1}
        for (int j = d.Length - 2; j >= 0; j--)
        {
            d[j] -= _upper[j] * d[j + 1];
        }
    }
}
