namespace LayerParallel.Mgrit;

/// <summary>Where a step starts and ends: fine-grid indices, level, and times.</summary>
/// <param name="From">Fine index of the start point.</param>
/// <param name="To">Fine index of the end point (To &gt; From).</param>
/// <param name="Level">Grid level, 0 = finest.</param>
/// <param name="TStart">t at <paramref name="From"/>, computed from the index.</param>
/// <param name="TStop">t at <paramref name="To"/>, computed from the index.</param>
public readonly record struct StepContext(int From, int To, int Level, double TStart, double TStop)
{
    /// <summary>Δt = TStop − TStart.</summary>
    public double Dt => TStop - TStart;
}
