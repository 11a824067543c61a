namespace LayerParallel.Mgrit;

/// <summary>
/// Which rank owns which time points: every rank owns one contiguous block of the points
/// <c>0..LastIndex</c> (possibly empty), and the blocks cover every point exactly once.
/// </summary>
/// <remarks>
/// <see cref="Block"/> is XBraid's rule (<c>_braid_GetBlockDistInterval</c>): with
/// <c>n = LastIndex + 1</c> points on <c>P</c> ranks, <c>q = n / P</c> and <c>s = n mod P</c>,
/// rank <c>p</c> owns <c>[p·q + min(p, s), (p+1)·q + min(p+1, s) − 1]</c>. On a coarse level
/// a point belongs to the owner of its fine-grid index, as in XBraid.
/// </remarks>
public sealed class Partition
{
    private readonly int[] _lower;
    private readonly int[] _upper;
    private readonly int[] _ranksByStart;

    private Partition(int lastIndex, int[] lower, int[] upper)
    {
        LastIndex = lastIndex;
        _lower = lower;
        _upper = upper;
        _ranksByStart = Enumerable.Range(0, lower.Length)
            .Where(r => lower[r] <= upper[r])
            .OrderBy(r => lower[r])
            .ToArray();
    }

    /// <summary>Index of the last time point (the number of time steps N).</summary>
    public int LastIndex { get; }

    /// <summary>Number of ranks.</summary>
    public int Size => _lower.Length;

    /// <summary>
    /// XBraid's block distribution of the points <c>0..lastIndex</c> over <paramref name="ranks"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">lastIndex &lt; 1 or ranks &lt; 1.</exception>
    public static Partition Block(int lastIndex, int ranks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lastIndex, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        int points = lastIndex + 1;
        int quotient = points / ranks;
        int remainder = points % ranks;
        var lower = new int[ranks];
        var upper = new int[ranks];
        for (int p = 0; p < ranks; p++)
        {
            lower[p] = (p * quotient) + Math.Min(p, remainder);
            upper[p] = ((p + 1) * quotient) + Math.Min(p + 1, remainder) - 1;
        }

        return new Partition(lastIndex, lower, upper);
    }

    /// <summary>
    /// A partition given block by block: rank <c>r</c> owns <c>[blocks[r].Lower,
    /// blocks[r].Upper]</c>
    /// (empty when Lower &gt; Upper). The non-empty blocks must tile <c>0..lastIndex</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The blocks overlap, leave a gap, or leave the
    /// range.</exception>
    public static Partition FromBlocks(int lastIndex, IReadOnlyList<(int Lower, int Upper)> blocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lastIndex, 1);
        ArgumentOutOfRangeException.ThrowIfZero(blocks.Count);
        var lower = blocks.Select(b => b.Lower).ToArray();
        var upper = blocks.Select(b => b.Upper).ToArray();
        var partition = new Partition(lastIndex, lower, upper);
        int next = 0;
        foreach (int r in partition._ranksByStart)
        {
            if (lower[r] != next)
            {
                throw new ArgumentException(
                    $"block of rank {r} starts at {lower[r]}, expected {next}", nameof(blocks));
            }

            next = upper[r] + 1;
        }

        if (next != lastIndex + 1)
        {
            throw new ArgumentException(
                $"blocks cover 0..{next - 1}, expected 0..{lastIndex}", nameof(blocks));
        }

        return partition;
    }

    /// <summary>
    /// The mirror image for a problem solved backwards in time: rank <c>r</c> owns
    /// <c>[N − Upper(r), N − Lower(r)]</c>, so rank order is reversed and every rank keeps the
    /// mirror of its own block (used for the adjoint, <c>k = N − j</c>).
    /// </summary>
    public Partition Mirrored()
    {
        var lower = new int[Size];
        var upper = new int[Size];
        for (int r = 0; r < Size; r++)
        {
            bool empty = _lower[r] > _upper[r];
            lower[r] = empty ? 0 : LastIndex - _upper[r];
            upper[r] = empty ? -1 : LastIndex - _lower[r];
        }

        return new Partition(LastIndex, lower, upper);
    }

    /// <summary>
    /// First point owned by <paramref name="rank"/> (greater than <see cref="Upper"/> if none).
    /// </summary>
    public int Lower(int rank) => _lower[rank];

    /// <summary>Last point owned by <paramref name="rank"/>.</summary>
    public int Upper(int rank) => _upper[rank];

    /// <summary>
    /// The rank owning point <paramref name="index"/>, or −1 outside <c>0..LastIndex</c>.
    /// </summary>
    public int OwnerOf(int index)
    {
        if (index < 0 || index > LastIndex)
        {
            return -1;
        }

        int lo = 0;
        int hi = _ranksByStart.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_lower[_ranksByStart[mid]] <= index)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return _ranksByStart[lo];
    }
}
