using System.Globalization;
using LayerParallel.Mgrit.Problems;

namespace LayerParallel.Mgrit.Tests;

/// <summary>
/// The engine against XBraid's own regression outputs: XBraid's test/ode1D.sh runs the
/// examples ex-01 and ex-01-expanded (u' = −u, backward Euler, u_0 = 1, guess 0.456) and
/// test/ode1D.saved records the iteration count and the residual norm XBraid prints
/// (<c>braid_PrintStats</c>, "%e": seven significant digits). The problem here is
/// <see cref="DahlquistProblem"/> with λ = −1, whose step does XBraid's arithmetic exactly.
/// Each case runs on several rank counts; XBraid's saved figures are from 1 rank.
/// </summary>
public sealed class XBraidParityTests
{
    // ex-01-expanded: ntime 24, tstop = ntime/2, absolute tol 1e-6, cf 2, -nu0 1 -nu 2 -mi 2.
    [Theory]
    [InlineData(2, true, "2.851112e-02")]   // ode1D test 18: -ml 2 -skip 1
    [InlineData(2, false, "1.403540e-02")]  // ode1D test 19: -ml 2 -skip 0
    [InlineData(3, true, "5.856029e-02")]   // ode1D test 28: -ml 3 -skip 1
    [InlineData(3, false, "1.420885e-02")]  // ode1D test 29: -ml 3 -skip 0
    public void Solve_Ex01Expanded24Steps_MatchesSavedXBraidResidual(
        int maxLevels, bool skip, string savedNorm)
    {
        var options = new MgritOptions
        {
            Steps = 24,
            StopTime = 12.0,
            MaxLevels = maxLevels,
            NRelax = 2,
            LevelNRelax = new Dictionary<int, int> { [0] = 1 },
            MaxIterations = 2,
            Tolerance = 1e-6,
            ToleranceKind = ToleranceKind.Absolute,
            SkipFirstDownCycle = skip,
        };

        foreach (int ranks in new[] { 1, 2, 3 })
        {
            var result = TestRuns.Solve(ranks, () => new DahlquistProblem(), options).Result;

            Assert.Equal(2, result.Iterations);
            Assert.Equal(maxLevels, result.Levels);
            Assert.Equal(MgritStatus.MaxIterationsReached, result.Status);
            Assert.Equal(savedNorm, XBraidFormat(result.FinalResidualNorm));
        }
    }

    // ex-01: ntime 10, tstop 5, -ml 2, cf 2, absolute tol 1e-6, defaults otherwise
    // (ode1D tests 0 and 5–7, the latter on 1, 2 and 4 ranks): 4 iterations, residual 0.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Solve_Ex01_MatchesSavedXBraidIterationsAndZeroResidual(int ranks)
    {
        var options = new MgritOptions
        {
            Steps = 10,
            StopTime = 5.0,
            MaxLevels = 2,
            Tolerance = 1e-6,
            ToleranceKind = ToleranceKind.Absolute,
        };

        var result = TestRuns.Solve(ranks, () => new DahlquistProblem(), options).Result;

        Assert.Equal(4, result.Iterations);
        Assert.Equal(MgritStatus.Converged, result.Status);
        Assert.Equal("0.000000e+00", XBraidFormat(result.FinalResidualNorm));
    }

    // ode1D tests 1 and 2: -ml 1 makes no iteration; XBraid reports residual norm −1.
    [Fact]
    public void Solve_OneLevel_MakesNoIterationLikeXBraid()
    {
        var options = new MgritOptions { Steps = 10, StopTime = 5.0, MaxLevels = 1 };

        var result = TestRuns.Solve(1, () => new DahlquistProblem(), options).Result;

        Assert.Equal(0, result.Iterations);
        Assert.Null(result.FinalResidualNorm);
        Assert.Equal(MgritStatus.Sequential, result.Status);
    }

    // The ex-01 header lists its solution for 10 steps of backward Euler with λ = −1, dt = 0.5.
    [Fact]
    public void Access_Ex01_ReproducesSolutionListedInXBraidExample()
    {
        string[] listed =
        [
            "1.00000000000000e+00", "6.66666666666667e-01", "4.44444444444444e-01",
            "2.96296296296296e-01", "1.97530864197531e-01", "1.31687242798354e-01",
            "8.77914951989026e-02", "5.85276634659351e-02", "3.90184423106234e-02",
            "2.60122948737489e-02", "1.73415299158326e-02",
        ];
        var options = new MgritOptions
        {
            Steps = 10,
            StopTime = 5.0,
            MaxLevels = 2,
            Tolerance = 1e-6,
            ToleranceKind = ToleranceKind.Absolute,
        };

        var states = TestRuns.Solve(2, () => new DahlquistProblem(), options).States;

        Assert.Equal(listed, states.Select(u => u[0].ToString("0.00000000000000e+00",
            CultureInfo.InvariantCulture)));
    }

    // C's "%e": six decimals, at least two exponent digits; XBraid prints −1 for "no norm".
    private static string XBraidFormat(double? norm) =>
        (norm ?? -1.0).ToString("0.000000e+00", CultureInfo.InvariantCulture);
}
