using LayerParallel.Core;
using LayerParallel.Networks.Data;

namespace LayerParallel.Training;

/// <summary>
/// Builds the training and validation sets a <see cref="TrainConfig"/> asks for: generated with
/// <see cref="TrainConfig.Seed"/> and split by <see cref="TrainConfig.ValidationFraction"/>,
/// Fashion-MNIST's train/t10k files, or text files split like generated data; then, unless
/// turned off, standardized with the training statistics.
/// </summary>
public static class DatasetLoader
{
    /// <summary>What <paramref name="dataset"/> names: a built-in data set (case and dashes
    /// ignored) or, otherwise, a path.</summary>
    public static DatasetKind KindOf(string dataset) =>
        dataset.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "peaks" => DatasetKind.Peaks,
            "ellipses" => DatasetKind.Ellipses,
            "swissroll" => DatasetKind.SwissRoll,
            "fashionmnist" => DatasetKind.FashionMnist,
            _ => DatasetKind.TextFiles,
        };

    /// <summary>Loads or generates the data of <paramref name="config"/>.</summary>
    /// <exception cref="InputException">A data file is missing or malformed, or the split
    /// leaves a part empty.</exception>
    public static DatasetSplit Load(TrainConfig config)
    {
        var split = KindOf(config.Dataset) switch
        {
            DatasetKind.Peaks => Split(PeaksData.Generate(config.Samples, config.Seed), config),
            DatasetKind.Ellipses => Split(
                EllipsesData.Generate(config.Samples, config.Seed, config.Classes), config),
            DatasetKind.SwissRoll => Split(
                SwissRollData.Generate(config.Samples, config.Seed), config),
            DatasetKind.FashionMnist => FashionMnist.Load(
                config.DataDir ?? FashionMnist.DefaultDirectory, config.TrainSamples,
                config.ValidationSamples),
            _ => Split(LoadText(config), config),
        };
        if (config.Standardize)
        {
            // The split is fresh and ours alone: overwrite rather than copy.
            FeatureStandardizer.StandardizeInPlace(split);
        }

        return split;
    }

    private static DatasetSplit Split(Dataset data, TrainConfig config)
    {
        int validation = (int)Math.Round(config.ValidationFraction * data.SampleCount);
        if (validation < 1 || validation >= data.SampleCount)
        {
            throw new InputException($"--validation-fraction {config.ValidationFraction} of"
                + $" {data.SampleCount} samples leaves the training or validation part empty");
        }

        // A seed apart from the generator's, so the split does not follow generation order.
        return data.Split(config.ValidationFraction, config.Seed ^ 0x5EED_5917);
    }

    // A bare word that is no file is more likely a misspelt built-in name than a missing file.
    private static Dataset LoadText(TrainConfig config)
    {
        var name = config.Dataset;
        bool bareWord = name.IndexOfAny(['/', '.', '\\']) < 0;
        if (bareWord && !File.Exists(name) && !Directory.Exists(name))
        {
            throw new Core.InputException($"unknown data set '{name}' (expected peaks, "
                + "ellipses, swissroll, fashion-mnist, or the path of a text data set)");
        }

        return TextDataReader.Load(config.Dataset, config.Labels);
    }
}
