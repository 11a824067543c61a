using LayerParallel.Core.LinearAlgebra;

namespace LayerParallel.Core.Tests;

/// <summary>
/// <see cref="Blas.Gemm"/> (OpenBLAS when it loads) against the managed kernel and against a
/// plain triple loop, for every transpose combination, α/β and leading dimensions.
/// </summary>
public class BlasTests
{
    // Sums of k ≤ 37 products of O(1) values in a different order: a few ulps of the result.
    private const double Tolerance = 1e-13;

    public static TheoryData<Transpose, Transpose, double, double> Cases()
    {
        var data = new TheoryData<Transpose, Transpose, double, double>();
        foreach (var ta in new[] { Transpose.No, Transpose.Yes })
        {
            foreach (var tb in new[] { Transpose.No, Transpose.Yes })
            {
                data.Add(ta, tb, 1.0, 0.0);
                data.Add(ta, tb, -0.7, 1.0);
                data.Add(ta, tb, 2.5, 0.3);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gemm_MatchesTripleLoop_BothProviders(Transpose ta, Transpose tb, double alpha,
        double beta)
    {
        // Odd sizes and leading dimensions larger than the rows: sub-blocks of wider matrices.
        const int m = 7;
        const int n = 13;
        const int k = 37;
        int lda = (ta == Transpose.No ? k : m) + 3;
        int ldb = (tb == Transpose.No ? n : k) + 2;
        const int ldc = n + 5;
        var random = new Random(1);
        var a = Fill(random, (ta == Transpose.No ? m : k) * lda);
        var b = Fill(random, (tb == Transpose.No ? k : n) * ldb);
        var c0 = Fill(random, m * ldc);

        var expected = (double[])c0.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    double aip = ta == Transpose.No ? a[(i * lda) + p] : a[(p * lda) + i];
                    double bpj = tb == Transpose.No ? b[(p * ldb) + j] : b[(j * ldb) + p];
                    s += aip * bpj;
                }

                expected[(i * ldc) + j] = (alpha * s) + (beta * c0[(i * ldc) + j]);
            }
        }

        var viaGemm = (double[])c0.Clone();
        var viaManaged = (double[])c0.Clone();
        Blas.Gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, viaGemm, ldc);
        Blas.ManagedGemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, viaManaged, ldc);

        for (int i = 0; i < viaGemm.Length; i++)
        {
            Assert.Equal(expected[i], viaGemm[i], Tolerance);
            Assert.Equal(expected[i], viaManaged[i], Tolerance);
        }
    }

    [Fact]
    public void Gemm_BetaZero_IgnoresNaNInC()
    {
        double[] a = [1, 2, 3, 4];
        double[] b = [1, 0, 0, 1];
        double[] c = [double.NaN, double.NaN, double.NaN, double.NaN];
        double[] managed = [double.NaN, double.NaN, double.NaN, double.NaN];
        Blas.Gemm(Transpose.No, Transpose.No, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 2);
        Blas.ManagedGemm(Transpose.No, Transpose.No, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, managed, 2);
        Assert.Equal(a, c);
        Assert.Equal(a, managed);
    }

    [Fact]
    public void Gemm_EmptyInnerDimension_ScalesC()
    {
        double[] c = [1, 2, 3, 4];
        Blas.Gemm(Transpose.No, Transpose.No, 2, 2, 0, 1.0, [], 1, [], 2, 0.5, c, 2);
        Assert.Equal([0.5, 1, 1.5, 2], c);
    }

    [Fact]
    public void Provider_IsOpenBlasWhenTheLibraryLoads()
    {
        // The project's machines install libopenblas0-pthread; LAYERPARALLEL_BLAS=managed opts out.
        bool forcedManaged = string.Equals(Environment.GetEnvironmentVariable("LAYERPARALLEL_BLAS"),
            "managed", StringComparison.OrdinalIgnoreCase);
        bool loads = System.Runtime.InteropServices.NativeLibrary.TryLoad("libopenblas.so.0",
            out _);
        Assert.Equal(loads && !forcedManaged ? BlasProvider.OpenBlas : BlasProvider.Managed,
            Blas.Provider);
    }

    private static double[] Fill(Random random, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (2 * random.NextDouble()) - 1;
        }

        return values;
    }
}
