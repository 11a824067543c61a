using System.Diagnostics.CodeAnalysis;

namespace LayerParallel.Networks;

/// <summary>Shape of a <see cref="NetworkKind.ResNet"/> layer function.</summary>
public enum LayerKind
{
    /// <summary>f = σ(K Y + b); θ = (K, b), w² + w doubles.</summary>
    [SuppressMessage("Naming", "CA1720", Justification = "The field's name for a one-matrix layer.")]
    Single,

    /// <summary>f = K₂ σ(K₁ Y + b); θ = (K₁, K₂, b), 2w² + w doubles.</summary>
    [SuppressMessage("Naming", "CA1720", Justification = "The field's name for a two-matrix layer.")]
    Double,
}
