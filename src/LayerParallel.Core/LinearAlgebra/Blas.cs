using System.Runtime.InteropServices;

namespace LayerParallel.Core.LinearAlgebra;

/// <summary>
/// Dense matrix products on row-major spans. Uses OpenBLAS's <c>cblas_dgemm</c> when
/// <c>libopenblas.so.0</c> loads (one BLAS thread per process, so one per MPI rank), otherwise
/// a managed kernel. Set <c>LAYERPARALLEL_BLAS=managed</c> to force the managed kernel.
/// </summary>
public static unsafe class Blas
{
    private const int RowMajor = 101;

    private static readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int,
        double*, int, double, double*, int, void> NativeGemm;

    static Blas()
    {
        var wanted = Environment.GetEnvironmentVariable("LAYERPARALLEL_BLAS");
        if (string.Equals(wanted, "managed", StringComparison.OrdinalIgnoreCase))
        {
            Provider = BlasProvider.Managed;
            return;
        }

        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libopenblas" })
        {
            if (NativeLibrary.TryLoad(name, out var handle)
                && NativeLibrary.TryGetExport(handle, "cblas_dgemm", out var gemm))
            {
                NativeGemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int,
                    double*, int, double, double*, int, void>)gemm;
                if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var threads))
                {
                    ((delegate* unmanaged<int, void>)threads)(1);
                }

                Provider = BlasProvider.OpenBlas;
                return;
            }
        }

        Provider = BlasProvider.Managed;
    }

    /// <summary>The implementation in use for this process.</summary>
    public static BlasProvider Provider { get; }

    /// <summary>
    /// C ← α·op(A)·op(B) + β·C with C of size m×n, op(A) m×k, op(B) k×n, all row-major with
    /// leading dimensions <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/>.
    /// </summary>
    /// <remarks>When β = 0, C is overwritten and its old contents (even NaN) do not matter.
    /// C must not alias A or B.</remarks>
    public static void Gemm(
        Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb,
        double beta, Span<double> c, int ldc)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (Provider == BlasProvider.OpenBlas && k > 0)
        {
            fixed (double* pa = a)
            fixed (double* pb = b)
            fixed (double* pc = c)
            {
                NativeGemm(RowMajor, (int)transA, (int)transB, m, n, k, alpha, pa, lda, pb, ldb,
                    beta, pc, ldc);
            }

            return;
        }

        ManagedGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>The managed kernel behind <see cref="Gemm"/>; public so tests can compare both.</summary>
    public static void ManagedGemm(
        Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb,
        double beta, Span<double> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0.0)
            {
                row.Clear();
            }
            else if (beta != 1.0)
            {
                for (int j = 0; j < n; j++)
                {
                    row[j] *= beta;
                }
            }

            for (int p = 0; p < k; p++)
            {
                double aip = alpha * (transA == Transpose.No ? a[(i * lda) + p] : a[(p * lda) + i]);
                if (aip == 0.0)
                {
                    continue;
                }

                if (transB == Transpose.No)
                {
                    var bRow = b.Slice(p * ldb, n);
                    for (int j = 0; j < n; j++)
                    {
                        row[j] += aip * bRow[j];
                    }
                }
                else
                {
                    for (int j = 0; j < n; j++)
                    {
                        row[j] += aip * b[(j * ldb) + p];
                    }
                }
            }
        }
    }
}
