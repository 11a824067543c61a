namespace LayerParallel.Networks.Data;

/// <summary>
/// Per-feature standardization x ↦ (x − μ) / s with the mean μ and standard deviation s of the
/// training set, applied unchanged to validation and test data.
/// </summary>
/// <remarks>
/// s is the population standard deviation (divide by n). A feature whose s is below
/// <see cref="MinimumScale"/> (e.g. an always-black border pixel) is only centred (s = 1), so
/// that no division by zero or blow-up of rounding noise occurs.
/// </remarks>
public sealed class FeatureStandardizer
{
    /// <summary>Standard deviations below this count as constant features.</summary>
    public const double MinimumScale = 1e-8;

    private readonly double[] _means;
    private readonly double[] _scales;

    private FeatureStandardizer(double[] means, double[] scales)
    {
        _means = means;
        _scales = scales;
    }

    /// <summary>The means μ, one per feature.</summary>
    public IReadOnlyList<double> Means => _means;

    /// <summary>The scales s, one per feature (1 for constant features).</summary>
    public IReadOnlyList<double> Scales => _scales;

    /// <summary>Computes μ and s of every feature of <paramref name="training"/>.</summary>
    /// <exception cref="ArgumentException">The data set is empty.</exception>
    public static FeatureStandardizer Fit(Dataset training)
    {
        if (training.SampleCount == 0)
        {
            throw new ArgumentException("cannot standardize with an empty data set",
                nameof(training));
        }

        int f = training.FeatureCount;
        var means = new double[f];
        var scales = new double[f];
        for (int i = 0; i < training.SampleCount; i++)
        {
            var x = training.Sample(i);
            for (int r = 0; r < f; r++)
            {
                means[r] += x[r];
            }
        }

        for (int r = 0; r < f; r++)
        {
            means[r] /= training.SampleCount;
        }

        // Two passes: Σ (x − μ)² does not cancel catastrophically as Σ x² − n μ² would.
        for (int i = 0; i < training.SampleCount; i++)
        {
            var x = training.Sample(i);
            for (int r = 0; r < f; r++)
            {
                double d = x[r] - means[r];
                scales[r] += d * d;
            }
        }

        for (int r = 0; r < f; r++)
        {
            double s = Math.Sqrt(scales[r] / training.SampleCount);
            scales[r] = s < MinimumScale ? 1.0 : s;
        }

        return new FeatureStandardizer(means, scales);
    }

    /// <summary>A standardized copy of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The feature counts differ.</exception>
    public Dataset Apply(Dataset data)
    {
        if (data.FeatureCount != _means.Length)
        {
            throw new ArgumentException(
                $"data set has {data.FeatureCount} features, standardizer {_means.Length}",
                nameof(data));
        }

        var rows = data.WritableRows.ToArray();
        Transform(rows);
        return new Dataset(data.Name, data.FeatureCount, data.ClassCount, rows,
            data.Labels.ToArray());
    }

    /// <summary>Both parts standardized with the statistics of the training part (copies).</summary>
    public static DatasetSplit Standardize(DatasetSplit split)
    {
        var standardizer = Fit(split.Training);
        return new DatasetSplit(standardizer.Apply(split.Training),
            standardizer.Apply(split.Validation));
    }

    /// <summary>
    /// Standardizes both parts with the statistics of the training part by overwriting their
    /// features, without the copy <see cref="Standardize"/> makes (for large data such as
    /// Fashion-MNIST). Only for data that nothing else reads yet: the data sets are otherwise
    /// immutable.
    /// </summary>
    /// <returns>The standardizer that was applied.</returns>
    public static FeatureStandardizer StandardizeInPlace(DatasetSplit split)
    {
        var standardizer = Fit(split.Training);
        if (split.Validation.FeatureCount != standardizer._means.Length)
        {
            throw new ArgumentException("training and validation differ in feature count",
                nameof(split));
        }

        standardizer.Transform(split.Training.WritableRows);
        standardizer.Transform(split.Validation.WritableRows);
        return standardizer;
    }

    private void Transform(Span<double> rows)
    {
        int f = _means.Length;
        for (int i = 0; i < rows.Length; i++)
        {
            int r = i % f;
            rows[i] = (rows[i] - _means[r]) / _scales[r];
        }
    }
}
