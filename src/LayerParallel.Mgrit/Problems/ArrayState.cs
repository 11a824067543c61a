namespace LayerParallel.Mgrit.Problems;

/// <summary>
/// A state that is a plain vector of doubles (the test problems' <c>TVector</c>).
/// </summary>
/// <param name="length">Number of entries.</param>
public sealed class ArrayState(int length)
{
    /// <summary>The entries.</summary>
    public double[] Values { get; } = new double[length];
}
