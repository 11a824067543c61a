namespace LayerParallel.Training;

/// <summary>Where the data of a run come from.</summary>
public enum DatasetKind
{
    /// <summary>Five level sets of MATLAB's peaks (generated).</summary>
    Peaks,

    /// <summary>Concentric elliptical rings (generated).</summary>
    Ellipses,

    /// <summary>Two interleaved spirals (generated).</summary>
    SwissRoll,

    /// <summary>Fashion-MNIST IDX files.</summary>
    FashionMnist,

    /// <summary>A user's text files (features and labels).</summary>
    TextFiles,
}
