namespace LayerParallel.Core.LinearAlgebra;

/// <summary>Which implementation computes the matrix products.</summary>
public enum BlasProvider
{
    /// <summary>Plain C# loops; always available, about 10× slower than OpenBLAS.</summary>
    Managed,

    /// <summary><c>cblas_dgemm</c> of the system's OpenBLAS (<c>libopenblas.so.0</c>), one thread.</summary>
    OpenBlas,
}
