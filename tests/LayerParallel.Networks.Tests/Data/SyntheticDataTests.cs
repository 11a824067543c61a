using LayerParallel.Networks.Data;

namespace LayerParallel.Networks.Tests.Data;

public sealed class SyntheticDataTests
{
    // Class fractions from n samples have binomial standard deviation ≤ √(0.25/n) ≈ 0.0035 for
    // n = 20 000; 0.02 is more than five of them.
    private const double FractionTolerance = 0.02;

    // The closed-form values below are rounded to 1e-12 by hand-evaluated exponentials.
    private const double ClosedFormTolerance = 1e-12;

    public static TheoryData<string> Generators => new() { "peaks", "ellipses", "swissroll" };

    [Theory]
    [MemberData(nameof(Generators))]
    public void Generate_SameSeed_GivesBitwiseIdenticalData(string name)
    {
        var a = Generate(name, 500, seed: 7);
        var b = Generate(name, 500, seed: 7);
        var c = Generate(name, 500, seed: 8);

        Assert.Equal(a.FeatureMatrix(), b.FeatureMatrix());
        Assert.Equal(a.Labels.ToArray(), b.Labels.ToArray());
        Assert.NotEqual(a.FeatureMatrix(), c.FeatureMatrix());
    }

    [Fact]
    public void PeaksEvaluate_MatchesClosedFormValues()
    {
        // peaks(0, 0) = 3e⁻¹ − ⅓e⁻¹; peaks(1, −1) = −10(1/5 − 1 + 1)e⁻² − ⅓e⁻⁵.
        Assert.Equal((3.0 - (1.0 / 3.0)) * Math.Exp(-1), PeaksData.Evaluate(0, 0),
            ClosedFormTolerance);
        Assert.Equal((-2.0 * Math.Exp(-2)) - (Math.Exp(-5) / 3.0), PeaksData.Evaluate(1, -1),
            ClosedFormTolerance);
    }

    [Fact]
    public void Peaks_LabelsAreLevelSetsAndClassesAsDocumented()
    {
        var data = PeaksData.Generate(20_000, seed: 1);
        double[] documented = [0.17, 0.11, 0.25, 0.24, 0.23];

        var counts = data.ClassCounts();
        for (int i = 0; i < data.SampleCount; i++)
        {
            var x = data.Sample(i);
            Assert.InRange(x[0], -3.0, 3.0);
            Assert.InRange(x[1], -3.0, 3.0);
            double value = PeaksData.Evaluate(x[0], x[1]);
            int label = data.Label(i);
            Assert.True(label == 0 || value >= PeaksData.Thresholds[label - 1]);
            Assert.True(label == 4 || value < PeaksData.Thresholds[label]);
        }

        for (int k = 0; k < PeaksData.ClassCount; k++)
        {
            Assert.Equal(documented[k], counts[k] / (double)data.SampleCount, FractionTolerance);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Ellipses_LabelsAreRingsOfEqualArea(int classes)
    {
        var data = EllipsesData.Generate(20_000, seed: 3, classes);

        Assert.Equal(classes, data.ClassCount);
        var counts = data.ClassCounts();
        for (int i = 0; i < data.SampleCount; i++)
        {
            var x = data.Sample(i);
            Assert.Equal(EllipsesData.Classify(x[0], x[1], classes), data.Label(i));
        }

        foreach (var count in counts)
        {
            Assert.Equal(1.0 / classes, count / (double)data.SampleCount, FractionTolerance);
        }
    }

    [Fact]
    public void SwissRoll_EachPointLiesOnItsOwnArm()
    {
        var data = SwissRollData.Generate(1_000, seed: 5);
        var arms = new[] { Arm(0), Arm(1) };

        Assert.Equal([500, 500], data.ClassCounts());
        for (int i = 0; i < data.SampleCount; i++)
        {
            var x = data.Sample(i);
            double own = Distance(x, arms[data.Label(i)]);
            double other = Distance(x, arms[1 - data.Label(i)]);

            // Gaussian noise of σ = 0.02 per coordinate stays below 6σ√2 ≈ 0.17 for 1 000
            // points; the arms are 0.3 apart, so the other arm is farther.
            Assert.True(own < 0.17, $"sample {i} is {own} from its arm");
            Assert.True(own < other, $"sample {i} is nearer the other arm");
        }
    }

    // The arm of a class sampled at 5 000 points, about 1e-3 apart along the curve.
    private static (double X, double Y)[] Arm(int label) =>
        Enumerable.Range(0, 5_001).Select(g =>
        {
            double t = g / 5_000.0;
            double r = 0.1 + (0.9 * t);
            double phi = (2 * Math.PI * SwissRollData.DefaultTurns * t) + (label * Math.PI);
            return (r * Math.Cos(phi), r * Math.Sin(phi));
        }).ToArray();

    private static double Distance(ReadOnlySpan<double> x, (double X, double Y)[] arm)
    {
        double best = double.MaxValue;
        foreach (var (ax, ay) in arm)
        {
            best = Math.Min(best, ((x[0] - ax) * (x[0] - ax)) + ((x[1] - ay) * (x[1] - ay)));
        }

        return Math.Sqrt(best);
    }

    private static Dataset Generate(string name, int samples, long seed) => name switch
    {
        "peaks" => PeaksData.Generate(samples, seed),
        "ellipses" => EllipsesData.Generate(samples, seed),
        _ => SwissRollData.Generate(samples, seed),
    };
}
