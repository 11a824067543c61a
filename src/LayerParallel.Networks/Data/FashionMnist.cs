using LayerParallel.Core;

namespace LayerParallel.Networks.Data;

/// <summary>
/// Fashion-MNIST from its four IDX files: training = <c>train-*</c> (60 000 images),
/// validation/test = <c>t10k-*</c> (10 000 images); 28 × 28 pixels scaled to [0, 1], ten classes.
/// </summary>
/// <remarks>
/// Each file is looked for as <c>NAME.gz</c>, then as the uncompressed <c>NAME</c>, in the given
/// folder. Debian's <c>dataset-fashion-mnist</c> package installs them in
/// <see cref="DefaultDirectory"/>.
/// </remarks>
public static class FashionMnist
{
    /// <summary>Where Debian's package puts the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Number of classes (T-shirt/top … ankle boot).</summary>
    public const int ClassCount = 10;

    /// <summary>Loads training and test parts; a limit &gt; 0 keeps only the first that many
    /// images of a part (0 keeps all).</summary>
    /// <exception cref="InputException">A file is missing or bad, or images and labels
    /// disagree.</exception>
    public static DatasetSplit Load(string directory, int trainLimit = 0, int testLimit = 0)
    {
        var training = LoadPart(directory, "train", trainLimit);
        var test = LoadPart(directory, "t10k", testLimit);
        if (training.FeatureCount != test.FeatureCount)
        {
            throw new InputException($"training and test images in {directory} differ in size"
                + $" ({training.FeatureCount} and {test.FeatureCount} pixels)");
        }

        return new DatasetSplit(training, test);
    }

    /// <summary>The path of an IDX file in <paramref name="directory"/>, gzip preferred.</summary>
    /// <exception cref="InputException">Neither form exists.</exception>
    public static string Locate(string directory, string name)
    {
        var gz = Path.Combine(directory, name + ".gz");
        if (File.Exists(gz))
        {
            return gz;
        }

        var raw = Path.Combine(directory, name);
        return File.Exists(raw)
            ? raw
            : throw new InputException($"data file not found: {gz} (nor uncompressed {raw})");
    }

    private static Dataset LoadPart(string directory, string prefix, int limit)
    {
        var imagesPath = Locate(directory, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Locate(directory, $"{prefix}-labels-idx1-ubyte");
        var images = IdxFile.ReadImages(imagesPath, limit);
        if (images.PixelsPerImage == 0)
        {
            throw new InputException($"IDX file {imagesPath} has images of zero pixels");
        }

        var rawLabels = IdxFile.ReadLabels(labelsPath, limit);
        if (rawLabels.Length != images.Count)
        {
            throw new InputException($"{labelsPath} has {rawLabels.Length} labels but"
                + $" {imagesPath} has {images.Count} images");
        }

        var labels = new int[rawLabels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = rawLabels[i];
            if (labels[i] >= ClassCount)
            {
                throw new InputException($"label {labels[i]} out of range [0, {ClassCount}) in"
                    + $" {labelsPath} (item {i})");
            }
        }

        var rows = new double[images.Pixels.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = images.Pixels[i] / 255.0;
        }

        return new Dataset($"fashion-mnist-{prefix}", images.PixelsPerImage, ClassCount, rows,
            labels);
    }
}
