namespace LayerParallel.Networks.Data;

/// <summary>
/// Concentric ellipses: points uniform in an ellipse, labelled by the elliptical ring they fall
/// in. Rings have equal area, so classes are balanced in expectation.
/// </summary>
/// <remarks>
/// A point is (u, v) = (a ρ cos φ, b ρ sin φ) with ρ = √U, U and φ uniform, rotated by
/// <see cref="Rotation"/>; semi-axes a = <see cref="SemiAxisMajor"/>, b =
/// <see cref="SemiAxisMinor"/>. Its class is ⌊C ρ²⌋ for C classes, so ring k is
/// k/C ≤ (u/a)² + (v/b)² &lt; (k+1)/C.
/// </remarks>
public static class EllipsesData
{
    /// <summary>Semi-axis along the major direction.</summary>
    public const double SemiAxisMajor = 2.0;

    /// <summary>Semi-axis along the minor direction.</summary>
    public const double SemiAxisMinor = 1.0;

    /// <summary>Angle of the major axis against the x-axis, radians.</summary>
    public const double Rotation = Math.PI / 6.0;

    /// <summary>The ring (class) of the point (x, y) for <paramref name="classes"/> rings;
    /// points outside the outer ellipse count to the outer ring.</summary>
    public static int Classify(double x, double y, int classes)
    {
        double c = Math.Cos(Rotation);
        double s = Math.Sin(Rotation);
        double u = (c * x) + (s * y);
        double v = (-s * x) + (c * y);
        double rho2 = ((u / SemiAxisMajor) * (u / SemiAxisMajor))
            + ((v / SemiAxisMinor) * (v / SemiAxisMinor));
        return Math.Min(classes - 1, (int)(classes * rho2));
    }

    /// <summary><paramref name="samples"/> labelled points in <paramref name="classes"/>
    /// rings.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> &lt; 1 or
    /// <paramref name="classes"/> &lt; 2.</exception>
    public static Dataset Generate(int samples, long seed, int classes = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        var random = new SeededRandom(seed);
        var rows = new double[2 * samples];
        var labels = new int[samples];
        double c = Math.Cos(Rotation);
        double s = Math.Sin(Rotation);
        for (int i = 0; i < samples; i++)
        {
            double rho2 = random.NextDouble();
            double phi = random.NextDouble(0.0, 2.0 * Math.PI);
            double rho = Math.Sqrt(rho2);
            double u = SemiAxisMajor * rho * Math.Cos(phi);
            double v = SemiAxisMinor * rho * Math.Sin(phi);
            rows[2 * i] = (c * u) - (s * v);
            rows[(2 * i) + 1] = (s * u) + (c * v);
            labels[i] = Math.Min(classes - 1, (int)(classes * rho2));
        }

        return new Dataset("ellipses", 2, classes, rows, labels);
    }
}
