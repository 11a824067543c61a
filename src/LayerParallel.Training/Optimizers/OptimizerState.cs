namespace LayerParallel.Training.Optimizers;

/// <summary>
/// Per-block state buffers of an optimizer (one or more <c>double[]</c> per parameter block),
/// sized on the first step and checked against the block shapes on every later one.
/// </summary>
internal sealed class OptimizerState(int buffersPerBlock)
{
    private double[][][]? _buffers;

    /// <summary>Buffer <paramref name="which"/> of block <paramref name="block"/>.</summary>
    public double[] Get(int which, int block) => _buffers![which][block];

    /// <summary>Validates the two lists and sizes (first call) or checks (later) the state.</summary>
    public void Prepare(IReadOnlyList<double[]> parameters, IReadOnlyList<double[]> gradients)
    {
        if (parameters.Count != gradients.Count)
        {
            throw new ArgumentException(
                $"{parameters.Count} parameter blocks but {gradients.Count} gradient blocks");
        }

        for (int b = 0; b < parameters.Count; b++)
        {
            if (parameters[b].Length != gradients[b].Length)
            {
                throw new ArgumentException($"block {b}: {parameters[b].Length} parameters but"
                    + $" {gradients[b].Length} gradient entries");
            }
        }

        if (_buffers is null)
        {
            _buffers = new double[buffersPerBlock][][];
            for (int w = 0; w < buffersPerBlock; w++)
            {
                _buffers[w] = parameters.Select(p => new double[p.Length]).ToArray();
            }

            return;
        }

        var first = _buffers[0];
        bool same = first.Length == parameters.Count;
        for (int b = 0; same && b < parameters.Count; b++)
        {
            same = first[b].Length == parameters[b].Length;
        }

        if (!same)
        {
            throw new ArgumentException(
                "parameter blocks changed shape since the last step; call Reset first");
        }
    }

    /// <summary>Drops the buffers; the next <see cref="Prepare"/> sizes them anew (zeroed).</summary>
    public void Clear() => _buffers = null;
}
