namespace LayerParallel.Core.LinearAlgebra;

/// <summary>Whether a matrix operand of <see cref="Blas.Gemm"/> is used as stored or transposed.</summary>
public enum Transpose
{
    /// <summary>op(A) = A.</summary>
    No = 111,

    /// <summary>op(A) = Aᵀ.</summary>
    Yes = 112,
}
