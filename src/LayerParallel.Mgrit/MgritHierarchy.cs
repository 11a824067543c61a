namespace LayerParallel.Mgrit;

/// <summary>The levels of the MGRIT time-grid hierarchy, as seen by one rank.</summary>
/// <remarks>
/// Built with XBraid's rule (<c>_braid_InitHierarchy</c>): level ℓ with points 0..g and
/// coarsening factor m gets a coarse level with points 0..⌊g/m⌋ when ⌊g/m⌋ ≥ 1, fewer than
/// MaxLevels levels exist so far, and ⌊g/m⌋ ≥ MinCoarse; otherwise level ℓ is the coarsest.
/// If N ≤ MinCoarse there is one level. Each coarse point is owned by the owner of its fine
/// C-point, so a rank's coarse block is [⌈lo/m⌉, ⌊hi/m⌋].
/// </remarks>
public sealed class MgritHierarchy
{
    private MgritHierarchy(GridLevel[] levels) => Levels = levels;

    /// <summary>The levels, finest first.</summary>
    public IReadOnlyList<GridLevel> Levels { get; }

    /// <summary>Number of levels.</summary>
    public int Count => Levels.Count;

    /// <summary>The hierarchy for <paramref name="rank"/> (validate the options first).</summary>
    public static MgritHierarchy Build(MgritOptions options, Partition partition, int rank)
    {
        int maxLevels = options.Steps <= options.MinCoarse ? 1 : options.MaxLevels;
        var levels = new List<GridLevel>();
        int globalUpper = options.Steps;
        int stride = 1;
        int lower = partition.Lower(rank);
        int upper = partition.Upper(rank);
        for (int level = 0; ; level++)
        {
            int m = options.CFactorAt(level);
            int coarseUpper = globalUpper / m;
            bool coarsen = coarseUpper > 0 && maxLevels > level + 1
                && coarseUpper >= options.MinCoarse;
            int cFactor = coarsen ? m : globalUpper + 1;
            levels.Add(NewLevel(options, partition, level, globalUpper, stride, cFactor, !coarsen,
                lower, upper));
            if (!coarsen)
            {
                break;
            }

            // The coarse block: this rank's C-points, renumbered.
            int coarseLower = (lower + m - 1) / m;
            int coarseUpperLocal = upper / m;
            if (lower > upper)
            {
                coarseLower = coarseUpperLocal + 1;
            }

            lower = coarseLower;
            upper = coarseUpperLocal;
            globalUpper = coarseUpper;
            stride *= m;
        }

        return new MgritHierarchy([.. levels]);
    }

    private static GridLevel NewLevel(
        MgritOptions options, Partition partition, int level, int globalUpper, int stride,
        int cFactor, bool isCoarsest, int lower, int upper)
    {
        bool empty = lower > upper;
        int left = !empty && lower > 0 ? partition.OwnerOf((lower - 1) * stride) : -1;
        int right = !empty && upper < globalUpper ? partition.OwnerOf((upper + 1) * stride) : -1;
        return new GridLevel(level, globalUpper, stride, cFactor, isCoarsest,
            options.NRelaxAt(level), options.CRelaxWeightAt(level), lower, upper, left, right);
    }
}
