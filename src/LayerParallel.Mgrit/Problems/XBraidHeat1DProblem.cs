using System.Runtime.CompilerServices;

namespace LayerParallel.Mgrit.Problems;

/// <summary>
/// The 1-D heat equation of XBraid's example ex-02: u_t = u_xx + F(t, x) on [0, π] with
/// F(t, x) = sin(x)(cos t − sin t), whose exact solution is u(t, x) = sin(x)·cos(t); central
/// differences on <c>spatialPoints</c> nodes (both boundary nodes included) and backward Euler.
/// </summary>
/// <remarks>
/// <para>
/// With Δx = π/(n − 1), x_j = j·Δx and c = Δt/Δx², a step to t = TStop sets the boundary nodes
/// to the exact solution, adds Δt·F(t, x_j) at every node, and solves the tridiagonal system
/// with rows (−c, 1 + 2c, −c) inside and identity rows at both ends (Thomas algorithm, in
/// place, with scratch space allocated once), as ex-02's <c>take_step</c> does. The spatial
/// norm is the Euclidean norm over all nodes, as ex-02's.
/// </para>
/// <para>
/// u_0 is the exact solution at t = 0. The initial guess at every other point is a constant,
/// or (ex-02's choice, to measure the asymptotic convergence rate) uniform random values in
/// [0, 1). Unlike ex-02, whose values come from one generator per process in call order, each
/// value here depends only on the seed, the time index and the node, so the guess is the same
/// for every number of ranks. An instance is not thread-safe: use one per rank.
/// </para>
/// </remarks>
public sealed class XBraidHeat1DProblem : ArrayStateProblem
{
    private readonly double[] _upper;
    private readonly double[] _sinX;
    private readonly double? _initialGuess;
    private readonly ulong _seed;

    /// <summary>A heat problem on <paramref name="spatialPoints"/> nodes.</summary>
    /// <param name="spatialPoints">Nodes n ≥ 3, boundaries included (ex-02's nspace).</param>
    /// <param name="initialGuess">Value at every node of u_i, i &gt; 0, before the first
    /// iteration; null for seeded uniform random values in [0, 1).</param>
    /// <param name="seed">Seed of the random initial guess.</param>
    public XBraidHeat1DProblem(int spatialPoints, double? initialGuess = null, ulong seed = 1)
        : base(spatialPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spatialPoints, 3);
        Spacing = Math.PI / (spatialPoints - 1.0);
        _upper = new double[spatialPoints];
        _sinX = new double[spatialPoints];
        for (int j = 0; j < spatialPoints; j++)
        {
            _sinX[j] = Math.Sin(j * Spacing);
        }

        _initialGuess = initialGuess;
        _seed = seed;
    }

    /// <summary>Δx = π/(n − 1).</summary>
    public double Spacing { get; }

    /// <summary>The exact solution sin(x)·cos(t).</summary>
    public static double Exact(double t, double x) => Math.Sin(x) * Math.Cos(t);

    /// <summary>The forcing F(t, x) = −sin(x)·sin(t) + sin(x)·cos(t).</summary>
    public static double Forcing(double t, double x) =>
        (-Math.Sin(x) * Math.Sin(t)) + (Math.Sin(x) * Math.Cos(t));

    /// <summary>
    /// ex-02's tolerance scaling: tol / (√(T/(N − 1))·√(π/(n − 1))), with N − 1 read as 1 when
    /// N = 1 (ex-02 divides by zero there).
    /// </summary>
    /// <param name="tolerance">The unscaled tolerance.</param>
    /// <param name="steps">Time steps N.</param>
    /// <param name="stopTime">Final time T (the start is 0).</param>
    public double ScaleTolerance(double tolerance, int steps, double stopTime) =>
        tolerance / (Math.Sqrt(stopTime / Math.Max(steps - 1, 1)) * Math.Sqrt(Spacing));

    /// <summary>
    /// The discrete L2 error at time <paramref name="t"/>: (Δx·Σ_j (u_j − sin(x_j)cos t)²)^½,
    /// as ex-02 reports it at the final time.
    /// </summary>
    public double ErrorNorm(ArrayState u, double t)
    {
        double sum = 0.0;
        for (int j = 0; j < Length; j++)
        {
            double e = u.Values[j] - Exact(t, j * Spacing);
            sum += e * e;
        }

        return Math.Sqrt(sum * Spacing);
    }

    /// <inheritdoc/>
    public override ArrayState Create(int fineIndex)
    {
        var state = new ArrayState(Length);
        for (int j = 0; j < Length; j++)
        {
            state.Values[j] = fineIndex == 0
                ? Exact(0.0, j * Spacing)
                : _initialGuess ?? UnitRandom(_seed, ((long)fineIndex * Length) + j);
        }

        return state;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Step(ArrayState u, in StepContext step)
    {
        double t = step.TStop;
        double dt = step.Dt;
        double c = dt / (Spacing * Spacing);
        double diagonal = 1.0 + (2.0 * c);
        var d = u.Values;
        int n = d.Length;

        // Boundary values from the exact solution, then d_j ← d_j + Δt·F(t, x_j) at every node
        // (F evaluated as Forcing does, with sin(x_j) computed once at construction)
        d[0] = Exact(t, 0.0);
        d[n - 1] = Exact(t, Math.PI);
        double sinT = Math.Sin(t);
        double cosT = Math.Cos(t);
        for (int j = 0; j < n; j++)
        {
            d[j] += dt * ((-_sinX[j] * sinT) + (_sinX[j] * cosT));
        }

        // Forward elimination with identity rows at both ends: g_j = −c / (b + c·g_{j−1})
        _upper[0] = 0.0;
        for (int j = 1; j < n - 1; j++)
        {
            double m = 1.0 / (diagonal + (c * _upper[j - 1]));
            _upper[j] = -c * m;
            d[j] = m * (d[j] + (c * d[j - 1]));
        }

        // Back substitution: u_j = d'_j − g_j u_{j+1}
        for (int j = n - 2; j >= 1; j--)
        {
            d[j] -= _upper[j] * d[j + 1];
        }
    }

    // A uniform value in [0, 1) that depends only on (seed, key): SplitMix64 finalizers.
    private static double UnitRandom(ulong seed, long key)
    {
        ulong z = Mix(Mix(seed) ^ (ulong)key);
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong x)
    {
        ulong z = x + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
