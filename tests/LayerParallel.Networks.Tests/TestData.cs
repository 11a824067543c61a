using LayerParallel.Networks.Parameters;

namespace LayerParallel.Networks.Tests;

/// <summary>Seeded inputs for the tests (System.Random with a fixed seed is reproducible).</summary>
internal static class TestData
{
    public static double[] Gaussian(int count, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            // Box–Muller.
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            values[i] = scale * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }

        return values;
    }

    public static int[] Labels(int count, int classes, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.Next(classes))];
    }

    public static NetworkParameters Parameters(NetworkConfig config, int seed,
        double weightScale, double biasScale)
    {
        var p = new NetworkParameters(config);
        p.Initialize(seed, weightScale, biasScale);
        return p;
    }

    public static double MaxAbsDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }

    public static double MaxAbs(ReadOnlySpan<double> a)
    {
        double max = 0;
        foreach (double v in a)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Fourth-order central difference of J along t at 0:
    /// (−J(2ε) + 8J(ε) − 8J(−ε) + J(−2ε)) / (12ε), truncation error O(ε⁴).</summary>
    public static double CentralDifference(Func<double, double> j, double epsilon) =>
        ((-j(2 * epsilon)) + (8 * j(epsilon)) - (8 * j(-epsilon)) + j(-2 * epsilon))
        / (12 * epsilon);
}
