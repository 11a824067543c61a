using LayerParallel.Mgrit.Problems;

namespace LayerParallel.Mgrit.Tests;

/// <summary>Weighted C-relaxation (XBraid CWt): u_c ← (1 − w)·u_c + w·(Φ(u_{c−1}) + f_c).</summary>
public sealed class CRelaxWeightTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.7)]
    [InlineData(1.3)]
    public void Solve_FourStepsTwoLevels_FirstResidualMatchesHandComputedFcfSweep(double w)
    {
        // Points 0..4, m = 2, u_0 = 1, guess g at 2 and 4, step factor a = 1/(1 + h), h = 1.
        // F: u_1 = a, u_3 = a·g.  C: u_2 = (1 − w)g + w·a·u_1, u_4 = (1 − w)g + w·a·u_3.
        // Restriction's F: u_1 = a, u_3 = a·u_2; then r_c = −(u_c − a·u_{c−1}) at c = 2, 4.
        const double g = 0.456;
        double a = 1.0 / (1.0 + 1.0);
        double u2 = ((1 - w) * g) + (w * a * a);
        double u4 = ((1 - w) * g) + (w * a * a * g);
        double r2 = -(u2 - (a * a));
        double r4 = -(u4 - (a * a * u2));
        var options = new MgritOptions
        {
            Steps = 4,
            StopTime = 4.0,
            MaxLevels = 2,
            MinCoarse = 1,
            MaxIterations = 1,
            Tolerance = 0.0,
            ToleranceKind = ToleranceKind.Absolute,
            SkipFirstDownCycle = false,
            CRelaxWeight = w,
        };

        var result = TestRuns.Solve(2, () => new DahlquistProblem(), options).Result;

        // Same operations up to the order of a few products: a few ulps of the O(0.1) norm.
        Assert.Equal(Math.Sqrt((r4 * r4) + (r2 * r2)), result.ResidualNorms[0]!.Value, 1e-15);
    }

    [Fact]
    public void Solve_UnitWeight_IdenticalBitsToUnweightedRelaxation()
    {
        var plain = new MgritOptions
        {
            Steps = 48,
            StopTime = 2.0,
            MaxLevels = 4,
            NRelax = 2,
            MaxIterations = 5,
            Tolerance = 0.0,
            ToleranceKind = ToleranceKind.Absolute,
        };
        var reference = TestRuns.Solve(2, () => new XBraidHeat1DProblem(9), plain);

        var run = TestRuns.Solve(3, () => new XBraidHeat1DProblem(9), plain with
        {
            CRelaxWeight = 1.0,
            LevelCRelaxWeights = new Dictionary<int, double> { [0] = 1.0, [2] = 1.0 },
        });

        Assert.Equal(TestRuns.Bits(reference.Result.ResidualNorms),
            TestRuns.Bits(run.Result.ResidualNorms));
        Assert.True(TestRuns.SameBits(reference.States, run.States));
    }

    [Fact]
    public void Solve_Weight1Point3_ConvergesToSequentialSolutionOnEveryRankCount()
    {
        var options = new MgritOptions
        {
            Steps = 96,
            StopTime = Math.PI,
            MaxLevels = 4,
            MinCoarse = 3,
            CRelaxWeight = 1.3,
            Tolerance = 1e-12,
            ToleranceKind = ToleranceKind.Absolute,
        };
        var sequential = TestRuns.Sequential(new XBraidHeat1DProblem(17), options);
        var reference = TestRuns.Solve(1, () => new XBraidHeat1DProblem(17), options);
        var unweighted = TestRuns.Solve(1, () => new XBraidHeat1DProblem(17),
            options with { CRelaxWeight = 1.0 }).Result;

        // Backward Euler contracts: error ≤ N·tol ≈ 1e-10; the rest is rounding room.
        Assert.Equal(MgritStatus.Converged, reference.Result.Status);
        Assert.True(TestRuns.MaxRelativeDifference(reference.States, sequential) < 1e-9);
        Assert.NotEqual(TestRuns.Bits(unweighted.ResidualNorms),
            TestRuns.Bits(reference.Result.ResidualNorms));
        foreach (int ranks in new[] { 2, 3, 4, 7 })
        {
            var run = TestRuns.Solve(ranks, () => new XBraidHeat1DProblem(17), options);
            Assert.Equal(TestRuns.Bits(reference.Result.ResidualNorms),
                TestRuns.Bits(run.Result.ResidualNorms));
            Assert.True(TestRuns.SameBits(reference.States, run.States));
        }
    }

    [Fact]
    public void Solve_OneLevel_WeightIgnoredAndSequentialBitForBit()
    {
        var options = new MgritOptions
        {
            Steps = 12,
            StopTime = 1.0,
            MaxLevels = 1,
            CRelaxWeight = 0.5,
        };

        var run = TestRuns.Solve(2, () => new XBraidHeat1DProblem(7), options);

        Assert.True(TestRuns.SameBits(run.States,
            TestRuns.Sequential(new XBraidHeat1DProblem(7), options)));
    }
}
