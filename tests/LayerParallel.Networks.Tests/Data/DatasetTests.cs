using LayerParallel.Networks.Data;

namespace LayerParallel.Networks.Tests.Data;

public sealed class DatasetTests
{
    // Means and deviations of 1 000 values are sums of exact inputs; 1e-12 covers rounding.
    private const double RoundingTolerance = 1e-12;

    [Fact]
    public void GatherBatch_WritesFeaturesTimesBatchColumns()
    {
        var data = new Dataset("t", 3, 2,
            [1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 1, 0]);
        var features = new double[6];
        var labels = new int[2];

        data.GatherBatch([2, 0], features, labels);

        // Column k is sample indices[k]: rows are features.
        Assert.Equal([7, 1, 8, 2, 9, 3], features);
        Assert.Equal([0, 0], labels);
    }

    [Fact]
    public void Split_IsDeterministicDisjointAndComplete()
    {
        var data = PeaksData.Generate(101, seed: 2);

        var a = data.Split(0.3, seed: 9);
        var b = data.Split(0.3, seed: 9);

        Assert.Equal(30, a.Validation.SampleCount);
        Assert.Equal(71, a.Training.SampleCount);
        Assert.Equal(a.Validation.FeatureMatrix(), b.Validation.FeatureMatrix());
        var original = Rows(data).Order().ToList();
        var union = Rows(a.Training).Concat(Rows(a.Validation)).Order().ToList();
        Assert.Equal(original, union);
    }

    [Fact]
    public void Split_FractionOutsideOpenUnitInterval_Throws()
    {
        var data = PeaksData.Generate(10, seed: 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(0.0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(1.0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(0.01, 1));
    }

    [Fact]
    public void Standardize_UsesTrainingStatisticsForBothParts()
    {
        // Feature 0 of the training part: 1, 3 → μ = 2, s = 1. Feature 1 is constant.
        var training = new Dataset("t", 2, 2, [1, 5, 3, 5], [0, 1]);
        var validation = new Dataset("v", 2, 2, [4, 6], [1]);

        var split = FeatureStandardizer.Standardize(new DatasetSplit(training, validation));

        Assert.Equal([-1, 1, 0, 0], split.Training.FeatureMatrix());
        Assert.Equal(2.0, split.Validation.Sample(0)[0], RoundingTolerance);
        Assert.Equal(1.0, split.Validation.Sample(0)[1], RoundingTolerance);
    }

    [Fact]
    public void Standardize_TrainingFeaturesGetZeroMeanUnitDeviation()
    {
        var data = EllipsesData.Generate(1_000, seed: 4);

        var scaled = FeatureStandardizer.Fit(data).Apply(data);

        var again = FeatureStandardizer.Fit(scaled);
        for (int r = 0; r < 2; r++)
        {
            Assert.Equal(0.0, again.Means[r], RoundingTolerance);
            Assert.Equal(1.0, again.Scales[r], RoundingTolerance);
        }
    }

    [Fact]
    public void StandardizeInPlace_GivesTheSameValuesAsTheCopy()
    {
        var copied = FeatureStandardizer.Standardize(PeaksData.Generate(300, 1).Split(0.3, 2));
        var split = PeaksData.Generate(300, 1).Split(0.3, 2);

        FeatureStandardizer.StandardizeInPlace(split);

        Assert.Equal(copied.Training.FeatureMatrix(), split.Training.FeatureMatrix());
        Assert.Equal(copied.Validation.FeatureMatrix(), split.Validation.FeatureMatrix());
    }

    [Fact]
    public void Constructor_LabelOutOfRange_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset("t", 1, 2, [0.5], [2]));

        Assert.Contains("label 2", e.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Rows(Dataset data) =>
        Enumerable.Range(0, data.SampleCount)
            .Select(i => $"{data.Sample(i)[0]:R},{data.Sample(i)[1]:R},{data.Label(i)}");
}
