using LayerParallel.Networks.Data;

namespace LayerParallel.Training;

/// <summary>One minibatch's features (features × batch) and labels, allocated once and
/// reused for every batch.</summary>
internal sealed class BatchBuffers(int featureCount, int maxBatch)
{
    private readonly double[] _features = new double[featureCount * maxBatch];
    private readonly int[] _labels = new int[maxBatch];
    private readonly int[] _indices = new int[maxBatch];

    public int MaxBatch => maxBatch;

    /// <summary>Gathers the samples <paramref name="indices"/>.</summary>
    public (ReadOnlyMemory<double> Features, ReadOnlyMemory<int> Labels) Gather(
        Dataset data, ReadOnlySpan<int> indices)
    {
        int b = indices.Length;
        data.GatherBatch(indices, _features.AsSpan(0, featureCount * b), _labels.AsSpan(0, b));
        return (_features.AsMemory(0, featureCount * b), _labels.AsMemory(0, b));
    }

    /// <summary>Gathers the consecutive samples first … first + count − 1.</summary>
    public (ReadOnlyMemory<double> Features, ReadOnlyMemory<int> Labels) GatherRange(
        Dataset data, int first, int count)
    {
        for (int k = 0; k < count; k++)
        {
            _indices[k] = first + k;
        }

        return Gather(data, _indices.AsSpan(0, count));
    }
}
