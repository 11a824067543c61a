using LayerParallel.Mgrit.Problems;

namespace LayerParallel.Mgrit.Tests;

/// <summary>
/// The solver's results must not depend on how the time points are distributed: the same
/// residual history and the same states, bit for bit, on any number of ranks and for any
/// partition — the independent reference here is the single-rank run.
/// </summary>
public sealed class RankIndependenceTests
{
    public static TheoryData<string> Configurations => new(ConfigurationsByName.Keys);

    private static readonly
        Dictionary<string, (Func<ArrayStateProblem> Problem, MgritOptions Options)>
        ConfigurationsByName = new()
        {
            ["dahlquist V FCF skip"] = (() => new DahlquistProblem(),
                Options(24, 12.0) with { MaxLevels = 3 }),
            ["dahlquist F F-relax no skip"] = (() => new DahlquistProblem(-2.0),
                Options(40, 4.0) with
                {
                    Cycle = CycleType.F, NRelax = 0, SkipFirstDownCycle = false,
                }),
            ["heat cf3 odd N V"] = (() => new Heat1DProblem(15, initialGuess: 0.25),
                Options(33, 0.5) with { CFactor = 3, MaxLevels = 4 }),
            ["heat cf0 4 F two V per level, FCFCF"] = (() => new Heat1DProblem(9),
                Options(64, 0.25) with
                {
                    Cycle = CycleType.F,
                    FCycleVCycles = 2,
                    NRelax = 2,
                    LevelCFactors = new Dictionary<int, int> { [0] = 4 },
                    TemporalNorm = TemporalNorm.Infinity,
                }),
            ["ex-02 heat random guess, CWt 1.3, F-cycles"] = (
                () => new XBraidHeat1DProblem(11, initialGuess: null, seed: 5),
                Options(45, 2.0) with
                {
                    Cycle = CycleType.F,
                    CRelaxWeight = 1.3,
                    LevelCRelaxWeights = new Dictionary<int, double> { [1] = 0.8 },
                    MinCoarse = 3,
                }),
            ["heat few points many levels"] = (() => new Heat1DProblem(5, initialGuess: 1.0),
                Options(12, 0.1) with { MinCoarse = 1, TemporalNorm = TemporalNorm.One }),
        };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Solve_OneToFiveRanks_IdenticalHistoryAndStates(string name)
    {
        var (problem, options) = ConfigurationsByName[name];
        var reference = TestRuns.Solve(1, problem, options);

        for (int ranks = 2; ranks <= 5; ranks++)
        {
            var run = TestRuns.Solve(ranks, problem, options);

            Assert.All(run.Results, r => Assert.Equal(
                TestRuns.Bits(reference.Result.ResidualNorms), TestRuns.Bits(r.ResidualNorms)));
            Assert.True(TestRuns.SameBits(reference.States, run.States),
                $"{name}: states on {ranks} ranks differ from 1 rank");
        }
    }

    [Fact]
    public void Solve_MirroredAndUnevenPartitions_IdenticalToBlockPartition()
    {
        var options = Options(30, 1.0) with { MaxLevels = 4 };
        var reference = TestRuns.Solve(3, () => new Heat1DProblem(7), options);
        var uneven = Partition.FromBlocks(30, [(0, 1), (2, 24), (25, 30)]);
        var withEmptyRank = Partition.FromBlocks(30, [(0, 13), (14, 13), (14, 30)]);

        foreach (var partition in new[] { uneven, uneven.Mirrored(), withEmptyRank })
        {
            var run = TestRuns.Solve(3, () => new Heat1DProblem(7),
                options with { Partition = partition });

            Assert.Equal(TestRuns.Bits(reference.Result.ResidualNorms),
                TestRuns.Bits(run.Result.ResidualNorms));
            Assert.True(TestRuns.SameBits(reference.States, run.States));
        }
    }

    [Fact]
    public void Solve_MoreRanksThanPoints_IdenticalToOneRank()
    {
        // 7 points on 8 ranks: one rank owns nothing, and coarse levels leave most ranks empty.
        var options = Options(6, 1.0) with { MinCoarse = 1 };
        var reference = TestRuns.Solve(1, () => new DahlquistProblem(), options);

        var run = TestRuns.Solve(8, () => new DahlquistProblem(), options);

        Assert.Equal(TestRuns.Bits(reference.Result.ResidualNorms),
            TestRuns.Bits(run.Result.ResidualNorms));
        Assert.True(TestRuns.SameBits(reference.States, run.States));
    }

    // A fixed number of iterations (tolerance 0) so every run does the same work.
    private static MgritOptions Options(int steps, double stopTime) => new()
    {
        Steps = steps,
        StopTime = stopTime,
        MaxIterations = 6,
        Tolerance = 0.0,
        ToleranceKind = ToleranceKind.Absolute,
    };
}
