namespace LayerParallel.Parallel;

/// <summary>
/// One network state (or adjoint state) as an MGRIT vector: <c>StateRows × batch</c> doubles,
/// row-major. The problem swaps <see cref="Data"/> with its scratch array after a step instead
/// of copying, so the array behind a vector may change between calls.
/// </summary>
public sealed class StateVector
{
    /// <summary>Creates a zero state of <paramref name="length"/> doubles.</summary>
    public StateVector(int length) => Data = new double[length];

    /// <summary>The values, row-major <c>StateRows × batch</c>.</summary>
    public double[] Data { get; internal set; }
}
