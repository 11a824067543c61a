namespace LayerParallel.Networks.Data;

/// <summary>
/// Labelled samples for classification: <see cref="SampleCount"/> samples of
/// <see cref="FeatureCount"/> features, each with a label in [0, <see cref="ClassCount"/>).
/// </summary>
/// <remarks>
/// Samples are stored one contiguous row per sample (SampleCount × FeatureCount), the transpose
/// of the network layout, so that gathering a shuffled minibatch reads whole rows.
/// <see cref="GatherBatch"/> writes the network layout: features × batch, one column per sample.
/// Instances are immutable.
/// </remarks>
public sealed class Dataset
{
    private readonly double[] _rows;
    private readonly int[] _labels;

    /// <summary>Wraps (does not copy) <paramref name="sampleRows"/> and
    /// <paramref name="labels"/>.</summary>
    /// <param name="name">A short name for logs, e.g. <c>peaks</c>.</param>
    /// <param name="featureCount">Features per sample, ≥ 1.</param>
    /// <param name="classCount">Number of classes, ≥ 2.</param>
    /// <param name="sampleRows">SampleCount × FeatureCount values, row-major, all finite.</param>
    /// <param name="labels">One label per sample, each in [0, classCount).</param>
    /// <exception cref="ArgumentException">Sizes disagree, a label is out of range or a value
    /// is not finite.</exception>
    public Dataset(string name, int featureCount, int classCount, double[] sampleRows, int[] labels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (sampleRows.Length != (long)featureCount * labels.Length)
        {
            throw new ArgumentException(
                $"{sampleRows.Length} values do not make {labels.Length} samples of {featureCount}"
                + " features", nameof(sampleRows));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException(
                    $"label {labels[i]} of sample {i} is outside [0, {classCount})", nameof(labels));
            }
        }

        for (int i = 0; i < sampleRows.Length; i++)
        {
            if (!double.IsFinite(sampleRows[i]))
            {
                throw new ArgumentException(
                    $"feature {i % featureCount} of sample {i / featureCount} is not finite",
                    nameof(sampleRows));
            }
        }

        Name = name;
        FeatureCount = featureCount;
        ClassCount = classCount;
        _rows = sampleRows;
        _labels = labels;
    }

    /// <summary>A short name for logs.</summary>
    public string Name { get; }

    /// <summary>Features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of classes; labels lie in [0, ClassCount).</summary>
    public int ClassCount { get; }

    /// <summary>Number of samples.</summary>
    public int SampleCount => _labels.Length;

    /// <summary>All labels, in sample order.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> Sample(int index) =>
        _rows.AsSpan(index * FeatureCount, FeatureCount);

    /// <summary>The stored rows, for in-place transforms by the owner of freshly loaded data
    /// (<see cref="FeatureStandardizer.StandardizeInPlace"/>).</summary>
    internal Span<double> WritableRows => _rows;

    /// <summary>The label of sample <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>
    /// Copies the samples <paramref name="indices"/> into <paramref name="features"/> in the
    /// network layout, FeatureCount × b with b = indices.Length (element (r, k) at r·b + k), and
    /// their labels into <paramref name="labels"/>. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A destination is shorter than needed.</exception>
    public void GatherBatch(ReadOnlySpan<int> indices, Span<double> features, Span<int> labels)
    {
        int b = indices.Length;
        if (features.Length < FeatureCount * b || labels.Length < b)
        {
            throw new ArgumentException($"batch buffers too small for {b} samples");
        }

        for (int k = 0; k < b; k++)
        {
            int s = indices[k];
            labels[k] = _labels[s];
            var row = _rows.AsSpan(s * FeatureCount, FeatureCount);
            for (int r = 0; r < row.Length; r++)
            {
                features[(r * b) + k] = row[r];
            }
        }
    }

    /// <summary>All samples in the network layout: FeatureCount × SampleCount (a new
    /// array).</summary>
    public double[] FeatureMatrix()
    {
        var all = new int[SampleCount];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }

        var matrix = new double[FeatureCount * SampleCount];
        GatherBatch(all, matrix, new int[SampleCount]);
        return matrix;
    }

    /// <summary>Number of samples of each class.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (var label in _labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>The samples <paramref name="indices"/>, in that order, as a new data set.</summary>
    public Dataset Subset(ReadOnlySpan<int> indices, string? name = null)
    {
        var rows = new double[indices.Length * FeatureCount];
        var labels = new int[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            Sample(indices[k]).CopyTo(rows.AsSpan(k * FeatureCount, FeatureCount));
            labels[k] = _labels[indices[k]];
        }

        return new Dataset(name ?? Name, FeatureCount, ClassCount, rows, labels);
    }

    /// <summary>
    /// Splits at random into training and validation parts; the validation part holds
    /// round(fraction · SampleCount) samples. The same seed gives the same split.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in (0, 1) or leaves
    /// either part empty.</exception>
    public DatasetSplit Split(double validationFraction, long seed)
    {
        if (!(validationFraction > 0.0 && validationFraction < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction),
                $"validation fraction {validationFraction} is not in (0, 1)");
        }

        int validationCount = (int)Math.Round(validationFraction * SampleCount);
        if (validationCount < 1 || validationCount >= SampleCount)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction),
                $"validation fraction {validationFraction} of {SampleCount} samples leaves a part"
                + " empty");
        }

        var order = new int[SampleCount];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        new SeededRandom(seed).Shuffle(order);
        var validation = order.AsSpan(0, validationCount);
        var training = order.AsSpan(validationCount);
        return new DatasetSplit(Subset(training), Subset(validation));
    }
}
