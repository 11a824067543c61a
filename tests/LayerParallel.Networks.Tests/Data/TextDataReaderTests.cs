using LayerParallel.Core;
using LayerParallel.Networks.Data;

namespace LayerParallel.Networks.Tests.Data;

public sealed class TextDataReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_Folder_ReadsCommaAndWhitespaceSeparatedFeatures()
    {
        _folder.Write("features.txt", "# x y\n1.5, -2\n\n3e-1\t4\n5 6\n");
        _folder.Write("labels.txt", "0\n2\n1\n");

        var data = TextDataReader.Load(_folder.Path);

        Assert.Equal((2, 3, 3), (data.FeatureCount, data.SampleCount, data.ClassCount));
        Assert.Equal([1.5, 0.3, 5, -2, 4, 6], data.FeatureMatrix());
        Assert.Equal([0, 2, 1], data.Labels.ToArray());
    }

    [Fact]
    public void Load_FeaturesFileWithOneHotLabelsBeside_ReadsClasses()
    {
        var features = _folder.Write("points.csv", "1,2\n3,4\n");
        _folder.Write("labels.txt", "0 0 1\n1 0 0\n");

        var data = TextDataReader.Load(features);

        Assert.Equal(3, data.ClassCount);
        Assert.Equal([2, 0], data.Labels.ToArray());
    }

    [Fact]
    public void Load_Nan_NamesNanFileAndLine()
    {
        var path = _folder.Write("features.txt", "1 2\n3 NaN\n");
        _folder.Write("labels.txt", "0\n1\n");

        var e = Assert.Throws<InputException>(() => TextDataReader.Load(_folder.Path));

        Assert.Equal($"NaN in features: {path} line 2, column 2", e.Message);
    }

    [Fact]
    public void Load_FeatureCountMismatch_NamesBothLines()
    {
        var path = _folder.Write("features.txt", "1 2\n3 4 5\n");
        _folder.Write("labels.txt", "0\n1\n");

        var e = Assert.Throws<InputException>(() => TextDataReader.Load(_folder.Path));

        Assert.Equal($"feature-count mismatch in {path}: line 2 has 3 values, line 1 has 2",
            e.Message);
    }

    [Theory]
    [InlineData("0\n-1\n", "label -1 out of range")]
    [InlineData("0\n1000\n", "label 1000 out of range")]
    [InlineData("0\n1.5\n", "malformed label '1.5'")]
    [InlineData("0 1\n1 1\n", "more than one 1")]
    [InlineData("0\n0 1\n", "mix formats")]
    [InlineData("0\n1\n1\n", "has 3 labels but")]
    [InlineData("0\n0\n", "only one class")]
    public void Load_BadLabels_NamesProblemAndFile(string labels, string problem)
    {
        _folder.Write("features.txt", "1 2\n3 4\n");
        var path = _folder.Write("labels.txt", labels);

        var e = Assert.Throws<InputException>(() => TextDataReader.Load(_folder.Path));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedNumber_NamesValueAndLine()
    {
        var path = _folder.Write("features.txt", "1 2\n3 x4\n");
        _folder.Write("labels.txt", "0\n1\n");

        var e = Assert.Throws<InputException>(() => TextDataReader.Load(_folder.Path));

        Assert.Equal($"malformed number 'x4' in {path} line 2, column 2", e.Message);
    }

    [Fact]
    public void Load_MissingLabels_NamesMissingFile()
    {
        var features = _folder.Write("f.txt", "1 2\n");

        var e = Assert.Throws<InputException>(() => TextDataReader.Load(features));

        Assert.Equal($"data file not found: {_folder.File("labels.txt")}", e.Message);
    }
}
