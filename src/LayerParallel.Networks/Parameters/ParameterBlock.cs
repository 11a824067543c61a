namespace LayerParallel.Networks.Parameters;

/// <summary>One array of a <see cref="NetworkParameters"/>: what it is, its layer (−1 for the
/// opening layer and the classifier) and the live array (not a copy).</summary>
public readonly record struct ParameterBlock(ParameterBlockKind Kind, int Layer, double[] Values);
