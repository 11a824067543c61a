namespace LayerParallel.Networks.Data;

/// <summary>
/// The "peaks" classification problem of the seed talk: points uniform in [−3, 3]², five
/// classes from the level sets of MATLAB's <c>peaks</c> function.
/// </summary>
/// <remarks>
/// peaks(x, y) = 3(1−x)² e^{−x²−(y+1)²} − 10(x/5 − x³ − y⁵) e^{−x²−y²} − ⅓ e^{−(x+1)²−y²},
/// which ranges over about [−6.55, 8.11] on the square. The class of a point is the number of
/// <see cref="Thresholds"/> (−0.5, −0.05, 0.05, 1) that its value is at or above. Exact
/// quintiles would make the middle classes hair-thin bands around the flat zero level, so the
/// thresholds trade balance for learnable shapes: on a uniform grid the class fractions are
/// about 0.17, 0.11, 0.25, 0.24, 0.23.
/// </remarks>
public static class PeaksData
{
    /// <summary>Number of classes.</summary>
    public const int ClassCount = 5;

    private static readonly double[] LevelThresholds = [-0.5, -0.05, 0.05, 1.0];

    /// <summary>The four increasing level thresholds that separate the classes.</summary>
    public static IReadOnlyList<double> Thresholds => LevelThresholds;

    /// <summary>MATLAB's <c>peaks(x, y)</c>.</summary>
    public static double Evaluate(double x, double y) =>
        (3.0 * (1.0 - x) * (1.0 - x) * Math.Exp((-x * x) - ((y + 1.0) * (y + 1.0))))
        - (10.0 * ((x / 5.0) - (x * x * x) - Math.Pow(y, 5)) * Math.Exp((-x * x) - (y * y)))
        - (Math.Exp((-(x + 1.0) * (x + 1.0)) - (y * y)) / 3.0);

    /// <summary>The class of the point (x, y): how many thresholds peaks(x, y) reaches.</summary>
    public static int Classify(double x, double y)
    {
        double value = Evaluate(x, y);
        int label = 0;
        while (label < LevelThresholds.Length && value >= LevelThresholds[label])
        {
            label++;
        }

        return label;
    }

    /// <summary><paramref name="samples"/> points uniform in [−3, 3]², labelled.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> &lt; 1.</exception>
    public static Dataset Generate(int samples, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var random = new SeededRandom(seed);
        var rows = new double[2 * samples];
        var labels = new int[samples];
        for (int i = 0; i < samples; i++)
        {
            double x = random.NextDouble(-3.0, 3.0);
            double y = random.NextDouble(-3.0, 3.0);
            rows[2 * i] = x;
            rows[(2 * i) + 1] = y;
            labels[i] = Classify(x, y);
        }

        return new Dataset("peaks", 2, ClassCount, rows, labels);
    }
}
