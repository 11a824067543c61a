namespace LayerParallel.Networks;

/// <summary>
/// Scratch memory of an <see cref="ILayerStepper"/> for steps of up to <see cref="Batch"/>
/// samples. Created once by <see cref="ILayerStepper.CreateWorkspace"/> and reused for every
/// step; not thread-safe (one per thread). Only the stepper that created it knows its layout.
/// </summary>
public sealed class StepWorkspace
{
    private readonly double[] _buffer;

    /// <summary>A workspace of <paramref name="length"/> doubles for up to
    /// <paramref name="batch"/> samples.</summary>
    /// <exception cref="ArgumentOutOfRangeException">batch &lt; 1 or length &lt; 0.</exception>
    public StepWorkspace(int batch, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Batch = batch;
        _buffer = new double[length];
    }

    /// <summary>Largest batch the workspace serves.</summary>
    public int Batch { get; }

    /// <summary>Total doubles.</summary>
    public int Length => _buffer.Length;

    /// <summary><paramref name="length"/> doubles from <paramref name="start"/>.</summary>
    public Span<double> Slice(int start, int length) => _buffer.AsSpan(start, length);

    /// <summary>Throws unless the workspace serves <paramref name="batch"/> samples.</summary>
    /// <exception cref="ArgumentException">The batch exceeds <see cref="Batch"/>.</exception>
    public void EnsureBatch(int batch)
    {
        if (batch > Batch || batch < 1)
        {
            throw new ArgumentException(
                $"a batch of {batch} does not fit a workspace made for {Batch}", nameof(batch));
        }
    }
}
