namespace LayerParallel.Networks.Parameters;

/// <summary>Which part of the network a <see cref="ParameterBlock"/> holds.</summary>
public enum ParameterBlockKind
{
    /// <summary>K₀, w × features, of the opening layer.</summary>
    OpeningWeights,

    /// <summary>b₀, w, of the opening layer.</summary>
    OpeningBias,

    /// <summary>θ_j of residual layer j.</summary>
    Layer,

    /// <summary>W, classes × w, of the classifier.</summary>
    ClassifierWeights,

    /// <summary>μ, classes, of the classifier.</summary>
    ClassifierBias,
}
