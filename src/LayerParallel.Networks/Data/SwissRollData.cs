namespace LayerParallel.Networks.Data;

/// <summary>
/// The swiss roll: two interleaved spirals in the plane, one class each.
/// </summary>
/// <remarks>
/// Sample i has class c = i mod 2 and a spiral parameter t uniform in [0, 1]; its point is
/// r (cos φ, sin φ) + σ n with r = 0.1 + 0.9 t, φ = 2π·turns·t + cπ and n standard normal. At
/// the default 1.5 turns neighbouring arms lie 0.3 apart radially, far more than the noise
/// σ = <see cref="DefaultNoise"/>.
/// </remarks>
public static class SwissRollData
{
    /// <summary>Default number of turns of each spiral.</summary>
    public const double DefaultTurns = 1.5;

    /// <summary>Default standard deviation of the Gaussian noise added to each coordinate.</summary>
    public const double DefaultNoise = 0.02;

    /// <summary><paramref name="samples"/> points, classes alternating 0, 1, 0, ….</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> &lt; 1, turns
    /// ≤ 0 or noise &lt; 0.</exception>
    public static Dataset Generate(
        int samples, long seed, double turns = DefaultTurns, double noise = DefaultNoise)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(turns);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        var random = new SeededRandom(seed);
        var rows = new double[2 * samples];
        var labels = new int[samples];
        for (int i = 0; i < samples; i++)
        {
            int label = i % 2;
            double t = random.NextDouble();
            double r = 0.1 + (0.9 * t);
            double phi = (2.0 * Math.PI * turns * t) + (label * Math.PI);
            rows[2 * i] = (r * Math.Cos(phi)) + (noise * random.NextGaussian());
            rows[(2 * i) + 1] = (r * Math.Sin(phi)) + (noise * random.NextGaussian());
            labels[i] = label;
        }

        return new Dataset("swissroll", 2, 2, rows, labels);
    }
}
