using LayerParallel.Core;
using LayerParallel.Networks.Data;

namespace LayerParallel.Networks.Tests.Data;

public sealed class IdxFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    // Three 2 × 3 images whose bytes count up, so any offset or order mistake shows.
    private static readonly byte[] Pixels = Enumerable.Range(0, 18).Select(i => (byte)(i * 14))
        .ToArray();

    private static readonly byte[] LabelBytes = [9, 0, 4];

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadImages_ReadsEveryByteExactly(bool gzip)
    {
        var path = _folder.File("images");
        IdxWriter.Write(path, IdxWriter.Images(3, 2, 3, Pixels), gzip);

        var images = IdxFile.ReadImages(path);

        Assert.Equal((3, 2, 3), (images.Count, images.Rows, images.Columns));
        Assert.Equal(Pixels, images.Pixels);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadLabels_ReadsEveryByteExactly(bool gzip)
    {
        var path = _folder.File("labels");
        IdxWriter.Write(path, IdxWriter.Labels(LabelBytes), gzip);

        Assert.Equal(LabelBytes, IdxFile.ReadLabels(path));
        Assert.Equal(LabelBytes[..2], IdxFile.ReadLabels(path, limit: 2));
    }

    [Fact]
    public void ReadImages_LabelMagicNumber_NamesMagicNumberAndFile()
    {
        var path = _folder.File("images");
        IdxWriter.Write(path, IdxWriter.Images(3, 2, 3, Pixels, magic: 2049), gzip: true);

        var e = Assert.Throws<InputException>(() => IdxFile.ReadImages(path));

        Assert.Contains("magic number 2049", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, 10)]
    [InlineData(false, 10)]
    [InlineData(true, 16 + 17)]
    [InlineData(false, 16 + 17)]
    public void ReadImages_Truncated_NamesTruncationAndFile(bool gzip, int keptBytes)
    {
        var path = _folder.File("images");
        IdxWriter.Write(path, IdxWriter.Images(3, 2, 3, Pixels)[..keptBytes], gzip);

        var e = Assert.Throws<InputException>(() => IdxFile.ReadImages(path));

        Assert.Contains("truncated IDX file", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_CompressedStreamCutShort_IsAnInputException()
    {
        var path = _folder.File("images");
        IdxWriter.Write(path, IdxWriter.Images(3, 2, 3, Pixels), gzip: true);
        var whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length - 12)]);

        var e = Assert.Throws<InputException>(() => IdxFile.ReadImages(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabels_MissingFile_NamesFile()
    {
        var path = _folder.File("nothing-here");

        var e = Assert.Throws<InputException>(() => IdxFile.ReadLabels(path));

        Assert.Equal($"data file not found: {path}", e.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FashionMnistLoad_ReadsBothPartsScaledToUnitInterval(bool gzip)
    {
        WriteFashionMnist(gzip, LabelBytes);

        var split = FashionMnist.Load(_folder.Path, trainLimit: 2);

        Assert.Equal(2, split.Training.SampleCount);
        Assert.Equal(3, split.Validation.SampleCount);
        Assert.Equal(6, split.Training.FeatureCount);
        Assert.Equal([9, 0, 4], split.Validation.Labels.ToArray());
        Assert.Equal(Pixels[7] / 255.0, split.Validation.Sample(1)[1]);
    }

    [Fact]
    public void FashionMnistLoad_LabelOutOfRange_NamesLabelAndFile()
    {
        WriteFashionMnist(gzip: true, [1, 10, 2]);

        var e = Assert.Throws<InputException>(() => FashionMnist.Load(_folder.Path));

        Assert.Contains("label 10 out of range", e.Message, StringComparison.Ordinal);
        Assert.Contains("train-labels-idx1-ubyte.gz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FashionMnistLoad_MissingFolder_NamesMissingFile()
    {
        var e = Assert.Throws<InputException>(() => FashionMnist.Load(_folder.File("absent")));

        Assert.StartsWith("data file not found:", e.Message, StringComparison.Ordinal);
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message, StringComparison.Ordinal);
    }

    private void WriteFashionMnist(bool gzip, byte[] labels)
    {
        string suffix = gzip ? ".gz" : string.Empty;
        foreach (var part in new[] { "train", "t10k" })
        {
            IdxWriter.Write(_folder.File($"{part}-images-idx3-ubyte{suffix}"),
                IdxWriter.Images(3, 2, 3, Pixels), gzip);
            IdxWriter.Write(_folder.File($"{part}-labels-idx1-ubyte{suffix}"),
                IdxWriter.Labels(labels), gzip);
        }
    }
}
