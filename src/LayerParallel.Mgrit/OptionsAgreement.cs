using LayerParallel.Core;
using LayerParallel.Core.Communication;

namespace LayerParallel.Mgrit;

/// <summary>Checks that every rank passed the same MGRIT options and partition.</summary>
internal static class OptionsAgreement
{
    private const int LevelSlots = 64;

    private static readonly string[] ScalarNames =
    [
        nameof(MgritOptions.Steps), nameof(MgritOptions.StartTime), nameof(MgritOptions.StopTime),
        nameof(MgritOptions.MaxLevels), nameof(MgritOptions.MinCoarse),
        nameof(MgritOptions.MaxIterations), nameof(MgritOptions.Tolerance),
        nameof(MgritOptions.ToleranceKind), nameof(MgritOptions.SkipFirstDownCycle),
        nameof(MgritOptions.Cycle), nameof(MgritOptions.FCycleVCycles),
        nameof(MgritOptions.TemporalNorm), nameof(MgritOptions.DivergenceFactor),
        nameof(MgritOptions.Storage),
    ];

    private static readonly string[] LevelNames =
        ["coarsening factor", "relaxation sweeps", "C-relaxation weight"];

    /// <summary>
    /// Compares the element-wise maximum and minimum of every setting over the ranks.
    /// Collective.
    /// </summary>
    /// <exception cref="InputException">Some setting differs between ranks.</exception>
    public static void Check(MgritOptions options, ICommunicator communicator)
    {
        if (communicator.Size == 1)
        {
            return;
        }

        var values = Fingerprint(options, communicator.Size);
        var max = (double[])values.Clone();
        var negatedMin = values.Select(v => -v).ToArray();
        communicator.AllreduceMax(max);
        communicator.AllreduceMax(negatedMin);
        for (int j = 0; j < values.Length; j++)
        {
            if (max[j] != -negatedMin[j])
            {
                throw new InputException(
                    $"MGRIT options differ between ranks: {Describe(j)} " +
                    $"ranges from {-negatedMin[j]} to {max[j]}");
            }
        }
    }

    private static double[] Fingerprint(MgritOptions o, int ranks)
    {
        var partition = o.Partition ?? Partition.Block(o.Steps, ranks);
        var values = new List<double>
        {
            o.Steps, o.StartTime, o.StopTime, o.MaxLevels, o.MinCoarse, o.MaxIterations,
            o.Tolerance, (int)o.ToleranceKind, o.SkipFirstDownCycle ? 1 : 0, (int)o.Cycle,
            o.FCycleVCycles, (int)o.TemporalNorm, o.DivergenceFactor, (int)o.Storage,
        };
        for (int level = 0; level < LevelSlots; level++)
        {
            values.Add(o.CFactorAt(level));
            values.Add(o.NRelaxAt(level));
            values.Add(o.CRelaxWeightAt(level));
        }

        for (int r = 0; r < ranks; r++)
        {
            values.Add(partition.Lower(r));
            values.Add(partition.Upper(r));
        }

        return [.. values];
    }

    private static string Describe(int j)
    {
        if (j < ScalarNames.Length)
        {
            return ScalarNames[j];
        }

        j -= ScalarNames.Length;
        if (j < LevelNames.Length * LevelSlots)
        {
            return $"{LevelNames[j % LevelNames.Length]} on level {j / LevelNames.Length}";
        }

        j -= LevelNames.Length * LevelSlots;
        return $"the block of rank {j / 2} in the partition";
    }
}
