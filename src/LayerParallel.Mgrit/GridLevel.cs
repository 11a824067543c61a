namespace LayerParallel.Mgrit;

/// <summary>
/// One level of the MGRIT time-grid hierarchy as seen by one rank: the level's points
/// <c>0..GlobalUpper</c>, the block this rank owns, and which of its points are C-points.
/// </summary>
/// <remarks>
/// Point i of level ℓ is fine point <c>i·FineStride</c>. On every level but the coarsest, the
/// C-points are the multiples of <see cref="CFactor"/>; they form level ℓ+1. The coarsest level
/// is solved by sequential time stepping, so (as in XBraid) its only C-point is 0 and
/// <see cref="CFactor"/> is <c>GlobalUpper + 1</c>.
/// </remarks>
public sealed class GridLevel
{
    internal GridLevel(
        int index, int globalUpper, int fineStride, int cFactor, bool isCoarsest, int nRelax,
        double cRelaxWeight, int lower, int upper, int leftRank, int rightRank)
    {
        Index = index;
        GlobalUpper = globalUpper;
        FineStride = fineStride;
        CFactor = cFactor;
        IsCoarsest = isCoarsest;
        NRelax = nRelax;
        CRelaxWeight = cRelaxWeight;
        Lower = lower;
        Upper = upper;
        LeftRank = leftRank;
        RightRank = rightRank;
        if (lower <= upper)
        {
            // The C-points owned here: the multiples of m in [Lower, Upper].
            CLower = (lower + cFactor - 1) / cFactor * cFactor;
            CUpper = upper / cFactor * cFactor;
        }
        else
        {
            CLower = lower;
            CUpper = lower - cFactor;
        }

        CCount = Math.Max(0, ((CUpper - CLower) / cFactor) + 1);
    }

    /// <summary>Level number ℓ, 0 for the finest.</summary>
    public int Index { get; }

    /// <summary>Index of the last point of this level.</summary>
    public int GlobalUpper { get; }

    /// <summary>
    /// Fine-grid distance between neighbouring points of this level (product of the finer m).
    /// </summary>
    public int FineStride { get; }

    /// <summary>
    /// Coarsening factor m from this level to the next (GlobalUpper + 1 on the coarsest).
    /// </summary>
    public int CFactor { get; }

    /// <summary>True for the last level, which is solved sequentially.</summary>
    public bool IsCoarsest { get; }

    /// <summary>FC sweeps before restriction on this level.</summary>
    public int NRelax { get; }

    /// <summary>
    /// Weight w of C-relaxation in the FC sweeps of this level (1: plain; not used on the
    /// coarsest level).
    /// </summary>
    public double CRelaxWeight { get; }

    /// <summary>
    /// First point owned by this rank (greater than <see cref="Upper"/> when none).
    /// </summary>
    public int Lower { get; }

    /// <summary>Last point owned by this rank.</summary>
    public int Upper { get; }

    /// <summary>First C-point owned by this rank.</summary>
    public int CLower { get; }

    /// <summary>
    /// Last C-point owned by this rank (less than <see cref="CLower"/> when none).
    /// </summary>
    public int CUpper { get; }

    /// <summary>Number of C-points owned by this rank.</summary>
    public int CCount { get; }

    /// <summary>Owner of point Lower − 1 on this level, or −1.</summary>
    public int LeftRank { get; }

    /// <summary>Owner of point Upper + 1 on this level, or −1.</summary>
    public int RightRank { get; }

    /// <summary>Number of points this rank owns.</summary>
    public int Count => Math.Max(0, Upper - Lower + 1);

    /// <summary>True when this rank owns no point of this level.</summary>
    public bool IsEmpty => Lower > Upper;

    /// <summary>Number of F-intervals this rank walks through in a sweep.</summary>
    public int IntervalCount => IsEmpty ? 0 : CCount + 1;

    /// <summary>True if point <paramref name="index"/> is a C-point of this level.</summary>
    public bool IsCPoint(int index) => index % CFactor == 0;

    /// <summary>The fine-grid index of point <paramref name="index"/>.</summary>
    public int FineIndex(int index) => index * FineStride;

    /// <summary>Slot of C-point <paramref name="index"/> among this rank's C-points.</summary>
    public int CSlot(int index) => (index - CLower) / CFactor;

    /// <summary>
    /// Interval <paramref name="k"/> (0 ≤ k &lt; IntervalCount) of this rank's block: the owned
    /// F-points FLower..FUpper (empty when FLower &gt; FUpper) and the C-point that closes the
    /// interval, or −1 for the trailing interval.
    /// </summary>
    /// <remarks>
    /// Interval k holds the F-points between C-points CLower + (k−1)m and CLower + km, clipped to
    /// [Lower, Upper]; sweeps walk from k = CCount down to 0, as XBraid does.
    /// </remarks>
    public (int FLower, int FUpper, int CPoint) Interval(int k)
    {
        if (CCount == 0)
        {
            return (Lower, Upper, -1);
        }

        int fLower = Math.Max(CLower + ((k - 1) * CFactor) + 1, Lower);
        int fUpper = Math.Min(CLower + (k * CFactor) - 1, Upper);
        int cPoint = k < CCount ? CLower + (k * CFactor) : -1;
        return (fLower, fUpper, cPoint);
    }
}
