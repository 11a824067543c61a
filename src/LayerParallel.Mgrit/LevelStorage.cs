using LayerParallel.Core.Communication;

namespace LayerParallel.Mgrit;

/// <summary>
/// The states one rank keeps for one level, allocated once at setup: u at the C-points, and on
/// coarse levels the restricted fine values v and the FAS right-hand side f at every point, on
/// the finest level with <see cref="StorageMode.AllPoints"/> u at the F-points too; plus the
/// pack buffers and the state of the boundary exchange of the running sweep.
/// </summary>
internal sealed class LevelStorage<TVector> where TVector : class
{
    /// <summary>Marks "no pending send" in <see cref="SendIndex"/>.</summary>
    public const int NoIndex = int.MinValue;

    /// <param name="grid">The level.</param>
    /// <param name="problem">Allocates the states.</param>
    /// <param name="template">Copied into every state of a coarse level and every F-point
    /// state.</param>
    /// <param name="keepFPoints">Also allocate a state at every owned F-point.</param>
    public LevelStorage(
        GridLevel grid, IMgritProblem<TVector> problem, TVector template, bool keepFPoints)
    {
        Grid = grid;
        U = new TVector[grid.CCount];
        for (int slot = 0; slot < U.Length; slot++)
        {
            // The finest level starts from the problem's initial guess (XBraid's init).
            int fineIndex = grid.FineIndex(grid.CLower + (slot * grid.CFactor));
            U[slot] = grid.Index == 0 ? problem.Create(fineIndex) : problem.Clone(template);
        }

        if (grid.Index > 0)
        {
            V = new TVector[grid.Count];
            F = new TVector[grid.Count];
            for (int i = 0; i < grid.Count; i++)
            {
                V[i] = problem.Clone(template);
                F[i] = problem.Clone(template);
            }
        }

        if (keepFPoints)
        {
            FPoints = new TVector?[grid.Count];
            for (int i = grid.Lower; i <= grid.Upper; i++)
            {
                FPoints[i - grid.Lower] = grid.IsCPoint(i) ? null : problem.Clone(template);
            }
        }

        SendBuffer = new double[problem.PackedLength];
        ReceiveBuffer = new double[problem.PackedLength];
    }

    public GridLevel Grid { get; }

    /// <summary>This rank's time on the level in the running solve.</summary>
    public LevelClock Times { get; } = new();

    /// <summary>u at this rank's C-points, by <see cref="GridLevel.CSlot"/>.</summary>
    public TVector[] U { get; }

    /// <summary>
    /// v_i = u restricted from the finer level, at every owned point (levels ≥ 1).
    /// </summary>
    public TVector[]? V { get; }

    /// <summary>The FAS right-hand side f_i at every owned point (levels ≥ 1).</summary>
    public TVector[]? F { get; }

    /// <summary>
    /// u at every owned point by i − Lower, null at the C-points (which live in
    /// <see cref="U"/>); allocated only on the finest level with
    /// <see cref="StorageMode.AllPoints"/>, otherwise null.
    /// </summary>
    public TVector?[]? FPoints { get; }

    /// <summary>
    /// True while <see cref="FPoints"/> holds the F-relaxation of the current C-point states;
    /// any change of those states makes it false.
    /// </summary>
    public bool FPointsCurrent { get; set; }

    /// <summary>
    /// True while <see cref="F"/> holds a right-hand side: from the restriction onto this level
    /// until the interpolation from it (XBraid frees fa there); false in a skipped first cycle.
    /// </summary>
    public bool HasRhs { get; set; }

    public double[] SendBuffer { get; }

    public double[] ReceiveBuffer { get; }

    /// <summary>Tag of the running sweep's boundary messages.</summary>
    public MessageTag Tag { get; set; }

    /// <summary>The posted receive of u at Lower − 1, until consumed.</summary>
    public ICommRequest? PendingReceive { get; set; }

    /// <summary>The posted send of u at Upper, until completed.</summary>
    public ICommRequest? PendingSend { get; set; }

    /// <summary>
    /// The point whose value is sent to the right once computed, or <see cref="NoIndex"/>.
    /// </summary>
    public int SendIndex { get; set; } = NoIndex;

    public TVector CState(int index) => U[Grid.CSlot(index)];

    /// <summary>The kept state at owned F-point <paramref name="index"/>.</summary>
    public TVector FState(int index) => FPoints![index - Grid.Lower]!;
}
