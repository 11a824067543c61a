using LayerParallel.Core;
using LayerParallel.Core.Communication;
using LayerParallel.Mgrit.Problems;

namespace LayerParallel.Mgrit.Tests;

public sealed class OptionsTests
{
    private static readonly MgritOptions Valid = new() { Steps = 16, StopTime = 1.0 };

    public static TheoryData<string> InvalidCases => new(InvalidOptions.Keys);

    private static readonly Dictionary<string, MgritOptions> InvalidOptions = new()
    {
        ["coarsening factor 1"] = Valid with { CFactor = 1 },
        ["level coarsening factor 1"] = Valid with
        {
            LevelCFactors = new Dictionary<int, int> { [2] = 1 },
        },
        ["negative sweeps"] = Valid with { NRelax = -1 },
        ["65 levels"] = Valid with { MaxLevels = 65 },
        ["zero iterations"] = Valid with { MaxIterations = 0 },
        ["negative tolerance"] = Valid with { Tolerance = -1e-9 },
        ["stop before start"] = Valid with { StartTime = 2.0 },
        ["level outside MaxLevels"] = Valid with
        {
            MaxLevels = 3,
            LevelNRelax = new Dictionary<int, int> { [3] = 2 },
        },
        ["partition for other points"] = Valid with { Partition = Partition.Block(15, 1) },
        ["zero C-relaxation weight"] = Valid with { CRelaxWeight = 0.0 },
        ["NaN level C-relaxation weight"] = Valid with
        {
            LevelCRelaxWeights = new Dictionary<int, double> { [1] = double.NaN },
        },
        ["divergence factor 1"] = Valid with { DivergenceFactor = 1.0 },
        ["NaN divergence factor"] = Valid with { DivergenceFactor = double.NaN },
    };

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Validate_OutOfRange_ThrowsInputException(string name)
    {
        var e = Assert.Throws<InputException>(() => InvalidOptions[name].Validate(1));
        Assert.StartsWith("MGRIT options:", e.Message);
    }

    [Fact]
    public void Validate_Defaults_AreXBraidsAndPass()
    {
        Valid.Validate(1);

        Assert.Equal((2, 1, 30, 2, 100, 1e-9), (Valid.CFactor, Valid.NRelax, Valid.MaxLevels,
            Valid.MinCoarse, Valid.MaxIterations, Valid.Tolerance));
        Assert.Equal(ToleranceKind.Relative, Valid.ToleranceKind);
        Assert.True(Valid.SkipFirstDownCycle);
        Assert.Equal(TemporalNorm.Two, Valid.TemporalNorm);
        Assert.Equal((1.0, 1e8), (Valid.CRelaxWeight, Valid.DivergenceFactor));
    }

    [Fact]
    public void Constructor_OptionsDifferBetweenRanks_ThrowsNamingTheSetting()
    {
        var e = Assert.Throws<InputException>(() => InProcessCommunicator.Run(3, comm =>
            new MgritSolver<ArrayState>(new DahlquistProblem(), comm,
                Valid with { NRelax = comm.Rank == 2 ? 2 : 1 })));

        Assert.Contains("relaxation sweeps on level 0", e.Message);
    }

    [Fact]
    public void Constructor_CRelaxWeightDiffersBetweenRanks_ThrowsNamingTheLevel()
    {
        var e = Assert.Throws<InputException>(() => InProcessCommunicator.Run(2, comm =>
            new MgritSolver<ArrayState>(new DahlquistProblem(), comm, Valid with
            {
                LevelCRelaxWeights = new Dictionary<int, double> { [1] = 1.0 + comm.Rank },
            })));

        Assert.Contains("C-relaxation weight on level 1", e.Message);
    }

    [Fact]
    public void TimeAt_UsesXBraidFormula()
    {
        var options = Valid with { Steps = 3, StartTime = 0.1, StopTime = 0.7 };

        Assert.Equal(0.1 + ((2.0 / 3) * (0.7 - 0.1)), options.TimeAt(2));
        Assert.Equal(0.7, options.TimeAt(3));
    }
}
