namespace LayerParallel.Parallel;

/// <summary>The vector operations the MGRIT callbacks need, on flat arrays.</summary>
internal static class VectorOps
{
    /// <summary>y ← a·x + b·y.</summary>
    public static void Sum(double a, double[] x, double b, double[] y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = (a * x[i]) + (b * y[i]);
        }
    }

    /// <summary>The Euclidean norm √Σ xᵢ², NaN if any entry is NaN.</summary>
    public static double Norm(double[] x)
    {
        double sum = 0;
        foreach (double v in x)
        {
            sum += v * v;
        }

        return Math.Sqrt(sum);
    }
}
