using System.Diagnostics;
using System.Runtime.CompilerServices;
using LayerParallel.Core;
using LayerParallel.Core.Communication;
using Serilog;

namespace LayerParallel.Mgrit;

/// <summary>
/// Multigrid reduction in time (MGRIT) with FAS coarse grids, following XBraid's algorithm
/// step for step so that, given the same problem callbacks and options, it performs the same
/// floating-point operations in the same order and reports the same residual history.
/// </summary>
/// <remarks>
/// <para>
/// The problem is the block system u_0 = g_0, u_i = Φ(u_{i−1}) for i = 1..N, where Φ is
/// <see cref="IMgritProblem{TVector}.Step"/>. Each iteration relaxes on the finest level
/// (F-relaxation, then ν FC sweeps: FCF for ν = 1), restricts the FAS residual to the coarse
/// level (injection at the C-points), recurses down to the coarsest level, solves it by
/// sequential time stepping, and corrects each finer level with the coarse error followed by
/// F-relaxation (R. D. Falgout et al., "Parallel time integration with multigrid",
/// SIAM J. Sci. Comput. 36(6), 2014; XBraid's <c>_braid_Drive</c>).
/// </para>
/// <para>
/// The result does not depend on the number of ranks, bit for bit: each step is computed
/// from the same inputs on whichever rank owns its point, and the residual norm is summed in
/// a fixed order (XBraid's single-rank order, by descending C-point). Runs on 1, 2 and 3 ranks
/// are therefore identical, and identical to single-rank XBraid with the same callbacks.
/// </para>
/// <para>
/// By default states live only at C-points (XBraid storage −1); F-point values are recomputed
/// by F-relaxation, and <see cref="Access"/> hands out every fine state after the solve. With
/// <see cref="MgritOptions.Storage"/> = <see cref="StorageMode.AllPoints"/> the finest F-point
/// states are kept as well, filled by a final F-relaxation at the end of each solve, and
/// <see cref="Access"/> hands them out without stepping. All work vectors are allocated in the
/// constructor; iterations allocate nothing.
/// </para>
/// </remarks>
public sealed partial class MgritSolver<TVector> where TVector : class
{
    private readonly IMgritProblem<TVector> _problem;
    private readonly ICommunicator _comm;
    private readonly MgritOptions _options;
    private readonly ILogger _logger;
    private readonly LevelStorage<TVector>[] _levels;

    /// <summary>Running state of a sweep.</summary>
    private readonly TVector _state;

    /// <summary>Second work vector (coarse residual).</summary>
    private readonly TVector _scratch;

    /// <summary>
    /// ‖r_i‖ at the finest C-points, by C-point number i/m, for the temporal norm.
    /// </summary>
    private readonly double[] _cPointNorms;

    /// <summary>‖r_k‖ by iteration (XBraid rnorms), null where not computed.</summary>
    private readonly double?[] _residualNorms;

    /// <summary>
    /// ‖r_0‖ for the relative tolerance; kept across warm restarts, as in XBraid.
    /// </summary>
    private double? _firstResidualNorm;

    /// <summary>The first ‖r‖ of the running solve, the reference of the growth test.</summary>
    private double? _solveFirstNorm;

    private long _steps;

    /// <summary>
    /// Why the last solve diverged, or null; set on every rank alike (the norms are reduced).
    /// </summary>
    private string? _divergence;

    /// <summary>
    /// Sets up the hierarchy and the initial guess (u_i = Create(i) at the finest C-points).
    /// Collective: every rank must call it with equal <paramref name="options"/>.
    /// </summary>
    /// <param name="problem">The time-stepping callbacks; one instance per rank.</param>
    /// <param name="communicator">The ranks sharing the time grid.</param>
    /// <param name="options">Settings; validated and compared across ranks.</param>
    /// <param name="logger">
    /// Receives a setup line and one Information line per iteration from rank 0, and a Debug
    /// summary per rank and solve.
    /// </param>
    /// <exception cref="InputException">The options are invalid or differ between
    /// ranks.</exception>
    public MgritSolver(
        IMgritProblem<TVector> problem, ICommunicator communicator, MgritOptions options,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(communicator.Size);
        _problem = problem;
        _comm = communicator;
        _options = options;
        _logger = logger ?? Serilog.Core.Logger.None;
        OptionsAgreement.Check(options, communicator);

        var partition = options.Partition ?? Partition.Block(options.Steps, communicator.Size);
        Hierarchy = MgritHierarchy.Build(options, partition, communicator.Rank);
        var fine = Hierarchy.Levels[0];
        _state = problem.Create(fine.IsEmpty ? 0 : fine.Lower);
        _scratch = problem.Clone(_state);
        bool keepFPoints = options.Storage == StorageMode.AllPoints;
        _levels = [.. Hierarchy.Levels.Select(g => new LevelStorage<TVector>(g, problem, _state,
            keepFPoints && g.Index == 0))];
        _cPointNorms = new double[(fine.GlobalUpper / fine.CFactor) + 1];
        _residualNorms = new double?[options.MaxIterations + 1];
        LogStart();
    }

    /// <summary>The levels of the time grid, as seen by this rank.</summary>
    public MgritHierarchy Hierarchy { get; }

    /// <summary>
    /// Replaces the finest C-point states with <see cref="IMgritProblem{TVector}.Create"/> and
    /// forgets ‖r_0‖, as a new XBraid core would. Without it, <see cref="Solve"/> continues from
    /// the current states (XBraid's warm restart). Call it on every rank; after a diverged solve
    /// it is the way to solve again.
    /// </summary>
    public void ResetInitialGuess()
    {
        _divergence = null;
        foreach (var level in _levels)
        {
            level.HasRhs = false;
        }

        var fine = _levels[0];
        fine.FPointsCurrent = false;
        for (int slot = 0; slot < fine.U.Length; slot++)
        {
            int index = fine.Grid.CLower + (slot * fine.Grid.CFactor);
            _problem.Copy(_problem.Create(fine.Grid.FineIndex(index)), fine.U[slot]);
        }

        _firstResidualNorm = null;
    }

    /// <summary>
    /// Replaces u_0 with <c>Create(0)</c> and keeps every other state, for a warm restart after
    /// the initial condition changed (e.g. new opening-layer weights). Call it on every rank.
    /// </summary>
    public void RefreshInitialCondition()
    {
        var fine = _levels[0];
        fine.FPointsCurrent = false;
        if (fine.Grid.CCount > 0 && fine.Grid.CLower == 0)
        {
            _problem.Copy(_problem.Create(0), fine.U[0]);
        }
    }

    // u ← Φ_ℓ(u) from point i−1 to point i of level ℓ, then u ← f_i + u on a coarse level that
    // holds a right-hand side (XBraid _braid_Step).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Step(LevelStorage<TVector> level, int i, TVector u, bool withRhs = true)
    {
        var grid = level.Grid;
        int from = grid.FineIndex(i - 1);
        int to = grid.FineIndex(i);
        var context = new StepContext(from, to, grid.Index, _options.TimeAt(from),
            _options.TimeAt(to));
        if (_options.TimeSteps)
        {
            long started = Stopwatch.GetTimestamp();
            _problem.Step(u, in context);
            level.Times.StepTicks += Stopwatch.GetTimestamp() - started;
        }
        else
        {
            _problem.Step(u, in context);
        }

        level.Times.Steps++;
        _steps++;
        if (withRhs && level.HasRhs)
        {
            _problem.Sum(1.0, level.F![i - grid.Lower], 1.0, u);
        }
    }
}
