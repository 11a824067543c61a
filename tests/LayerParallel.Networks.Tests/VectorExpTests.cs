using System.Runtime.Intrinsics;
using LayerParallel.Networks.Activations;

namespace LayerParallel.Networks.Tests;

/// <summary>The four-lane exp behind tanh and the softmax.</summary>
public class VectorExpTests
{
    // Ours ≤ ~1 ulp (polynomial error 1.4e-18, one rounding per step), glibc's exp ≤ 0.5 ulp.
    private const double Ulps = 2.0;

    [Fact]
    public void Exp_WholeRange_MatchesMathExp()
    {
        var random = new Random(4);
        double worst = 0;
        for (int i = 0; i < 100_000; i++)
        {
            // Normal results, the subnormal tail (t < −708.4) and the ends.
            double t = (i % 4) switch
            {
                0 => (random.NextDouble() * 1454) - 745,
                1 => (random.NextDouble() * 40) - 20,
                2 => -745 + (random.NextDouble() * 37),
                _ => random.NextDouble() * 1e-6,
            };
            double exact = Math.Exp(t);
            double ours = VectorExp.Exp(Vector256.Create(t)).GetElement(0);
            double ulp = Math.BitIncrement(exact) - exact;
            worst = Math.Max(worst, Math.Abs(ours - exact) / ulp);
        }

        Assert.InRange(worst, 0, Ulps);
    }

    [Fact]
    public void Exp_SpecialArguments()
    {
        var e = VectorExp.Exp(Vector256.Create(0.0, -800.0, -745.2, 1.0));
        Assert.Equal(1.0, e.GetElement(0));
        Assert.Equal(0.0, e.GetElement(1));
        Assert.Equal(0.0, e.GetElement(2));
        Assert.Equal(Math.E, e.GetElement(3), 1e-15);
    }
}
