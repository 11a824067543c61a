using System.Globalization;
using LayerParallel.Core;

namespace LayerParallel.Networks.Data;

/// <summary>
/// Reads a user's data set from two text files: features, one sample per line, and labels, one
/// per line in the same order.
/// </summary>
/// <remarks>
/// <para>Feature lines hold numbers separated by whitespace and/or commas; every line must have
/// the same count; NaN and infinities are rejected. Label lines hold either one integer class
/// 0 … C−1 (C is then the largest label + 1, at most <see cref="MaxClasses"/>) or a one-hot row
/// of C zeros and ones with exactly one 1. Blank lines and lines starting with <c>#</c> are
/// skipped in both files.</para>
/// <para>A path names either a folder holding <c>features.txt</c> and <c>labels.txt</c>, or a
/// features file whose labels are in <c>labels.txt</c> beside it (or in an explicit labels
/// file). Every problem is an <see cref="InputException"/> naming the file and line.</para>
/// </remarks>
public static class TextDataReader
{
    /// <summary>Largest number of classes an integer label file may imply.</summary>
    public const int MaxClasses = 1000;

    /// <summary>Name of the features file inside a data folder.</summary>
    public const string FeaturesFileName = "features.txt";

    /// <summary>Name of the labels file inside a data folder or beside a features file.</summary>
    public const string LabelsFileName = "labels.txt";

    private static readonly char[] Separators = [' ', '\t', ','];

    /// <summary>Loads the data set at <paramref name="path"/> (a folder or a features file);
    /// <paramref name="labelsPath"/> overrides where the labels are read from.</summary>
    /// <exception cref="InputException">A file is missing or malformed.</exception>
    public static Dataset Load(string path, string? labelsPath = null)
    {
        var (featuresFile, labelsFile) = ResolvePaths(path, labelsPath);
        var (rows, featureCount, sampleCount) = ReadFeatures(featuresFile);
        var (labels, classCount) = ReadLabels(labelsFile);
        if (labels.Length != sampleCount)
        {
            throw new InputException($"{labelsFile} has {labels.Length} labels but"
                + $" {featuresFile} has {sampleCount} samples");
        }

        var name = Path.GetFileNameWithoutExtension(featuresFile);
        return new Dataset(name, featureCount, classCount, rows, labels);
    }

    /// <summary>The features and labels files that <see cref="Load"/> reads for
    /// <paramref name="path"/>.</summary>
    /// <exception cref="InputException">A file does not exist.</exception>
    public static (string Features, string Labels) ResolvePaths(string path, string? labelsPath)
    {
        string features = Directory.Exists(path) ? Path.Combine(path, FeaturesFileName) : path;
        string labels = labelsPath
            ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(features)) ?? ".",
                LabelsFileName);
        foreach (var file in new[] { features, labels })
        {
            if (!File.Exists(file))
            {
                throw new InputException($"data file not found: {file}");
            }
        }

        return (features, labels);
    }

    private static (double[] Rows, int FeatureCount, int SampleCount) ReadFeatures(string file)
    {
        var values = new List<double>();
        int featureCount = 0;
        int firstLine = 0;
        int samples = 0;
        foreach (var (lineNumber, fields) in DataLines(file))
        {
            if (samples == 0)
            {
                featureCount = fields.Length;
                firstLine = lineNumber;
            }
            else if (fields.Length != featureCount)
            {
                throw new InputException($"feature-count mismatch in {file}: line {lineNumber}"
                    + $" has {fields.Length} values, line {firstLine} has {featureCount}");
            }

            for (int c = 0; c < fields.Length; c++)
            {
                values.Add(ParseFeature(file, lineNumber, c + 1, fields[c]));
            }

            samples++;
        }

        if (samples == 0)
        {
            throw new InputException($"no samples in {file}");
        }

        return (values.ToArray(), featureCount, samples);
    }

    private static double ParseFeature(string file, int line, int column, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            throw new InputException(
                $"malformed number '{text}' in {file} line {line}, column {column}");
        }

        if (double.IsNaN(v))
        {
            throw new InputException($"NaN in features: {file} line {line}, column {column}");
        }

        return double.IsFinite(v)
            ? v
            : throw new InputException(
                $"infinite feature value in {file} line {line}, column {column}");
    }

    private static (int[] Labels, int ClassCount) ReadLabels(string file)
    {
        var labels = new List<int>();
        int oneHotWidth = -1;
        foreach (var (lineNumber, fields) in DataLines(file))
        {
            int width = fields.Length == 1 ? 0 : fields.Length;
            if (labels.Count == 0)
            {
                oneHotWidth = width;
            }
            else if (width != oneHotWidth)
            {
                throw new InputException($"labels in {file} mix formats or widths: line"
                    + $" {lineNumber} has {fields.Length} values");
            }

            labels.Add(width == 0
                ? ParseClass(file, lineNumber, fields[0])
                : ParseOneHot(file, lineNumber, fields));
        }

        if (labels.Count == 0)
        {
            throw new InputException($"no labels in {file}");
        }

        int classCount = oneHotWidth > 0 ? oneHotWidth : labels.Max() + 1;
        if (classCount < 2)
        {
            throw new InputException($"labels in {file} name only one class");
        }

        return (labels.ToArray(), classCount);
    }

    private static int ParseClass(string file, int line, string text)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                out var label))
        {
            throw new InputException($"malformed label '{text}' in {file} line {line} (expected"
                + " an integer class or a one-hot row)");
        }

        return label is >= 0 and < MaxClasses
            ? label
            : throw new InputException($"label {label} out of range [0, {MaxClasses}) in {file}"
                + $" line {line}");
    }

    private static int ParseOneHot(string file, int line, string[] fields)
    {
        int hot = -1;
        for (int c = 0; c < fields.Length; c++)
        {
            if (fields[c] is "1" or "1.0" or "1.")
            {
                if (hot >= 0)
                {
                    throw new InputException(
                        $"one-hot label row in {file} line {line} has more than one 1");
                }

                hot = c;
            }
            else if (fields[c] is not ("0" or "0.0" or "0."))
            {
                throw new InputException($"malformed one-hot label value '{fields[c]}' in {file}"
                    + $" line {line} (only 0 and 1 allowed)");
            }
        }

        return hot >= 0
            ? hot
            : throw new InputException($"one-hot label row in {file} line {line} has no 1");
    }

    private static IEnumerable<(int Line, string[] Fields)> DataLines(string file)
    {
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(file);
        }
        catch (IOException e)
        {
            throw new InputException($"cannot read data file {file}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException($"cannot read data file {file}: {e.Message}", e);
        }

        int number = 0;
        foreach (var line in lines)
        {
            number++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            yield return (number, trimmed.Split(Separators,
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }
}
