using System.Globalization;
using LayerParallel.Cli.Options;
using LayerParallel.Core;
using LayerParallel.Mgrit;

namespace LayerParallel.Cli.Mgrit;

/// <summary>
/// The flags of <c>layerparallel mgrit</c>: one table drives the help text and the parser.
/// Where XBraid's ex-01 (dahlquist) and ex-02 (heat1d) differ, the default follows the problem.
/// </summary>
public static class MgritFlags
{
    private const string Random = "random";

    /// <summary>Every flag with its default, in help order.</summary>
    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("problem", "NAME", "dahlquist", "dahlquist (XBraid ex-01: u' = −u, backward Euler) or"
            + " heat1d (ex-02: 1-D heat on [0, π], exact solution sin(x)cos(t))"),
        new("nt", "N", "dahlquist 10, heat1d 64", "time steps N (points 0..N)"),
        new("tstop", "T", "dahlquist N/2, heat1d 2π", "final time T (the start is 0)"),
        new("nx", "N", "33", "heat1d: spatial nodes, both boundary nodes included"),
        new("max-levels", "L", "2", "largest number of levels (1: sequential time stepping)"),
        new("min-coarse", "N", "dahlquist 2, heat1d 3",
            "stop coarsening before a grid has fewer intervals"),
        new("cf", "M", "2", "coarsening factor m on every level"),
        new("nu", "N", "1", "FC sweeps before restriction (0: F-relaxation, 1: FCF)"),
        new("cwt", "W", "1.0", "weight of C-relaxation, u_c ← (1−w)u_c + w·Φ(u_{c−1})"),
        new("tol", "TOL", "dahlquist 1e-6, heat1d 1e-7",
            "residual tolerance; heat1d scales an absolute one by 1/(√(T/(N−1))·√(π/(nx−1)))"
            + " as ex-02 does"),
        new("tol-kind", "KIND", "absolute", "absolute (‖r_k‖ < tol) or relative"
            + " (‖r_k‖ < tol·‖r_0‖)"),
        new("tnorm", "1|2|inf", "2", "temporal norm over the C-points (XBraid tnorm)"),
        new("max-iter", "N", "dahlquist 100, heat1d 30", "most MGRIT iterations"),
        new("skip", "0|1", "dahlquist 1, heat1d 0", "1: skip the work of the first down-cycle"),
        new("storage", "cpoints|all", "cpoints", "fine states kept between solve and access:"
            + " C-points only (XBraid storage −1) or all points (storage 0: no steps in access)"),
        new("fmg", null, null, "F-cycles (XBraid FMG) instead of V-cycles"),
        new("divergence-factor", "F", "1e8",
            "stop as diverged when ‖r_k‖ exceeds F times the first norm (always on NaN/∞)"),
        new("initial-guess", "VALUE|random", "dahlquist 0.456, heat1d random",
            "u_i for i > 0 before the first iteration (random: heat1d only)"),
        new("seed", "N", "1", "seed of the random initial guess"),
        new("time-steps", null, null, "also time each step callback (costs a clock read per"
            + " step)"),
        new("output", "DIR", null, "write history.csv and result.json here (default: no files)"),
        new("log-file", "FILE", null, "also write the log to FILE (rank r > 0: FILE.rankR)"),
        new("verbose", null, null, "log at Debug level (per-rank timers per level)"),
        new("help", null, null, "print this help and exit"),
    ];

    /// <summary>The help text of the command.</summary>
    public static string Help() => ParsedOptions.Help(
        "layerparallel mgrit [flags]      mpiexec -n P layerparallel mgrit [flags]",
        "Solves a test problem with multigrid reduction in time (MGRIT), P ranks sharing the"
        + " time points; defaults follow XBraid's ex-01 and ex-02.",
        Specs);

    /// <summary>Parses and validates the flags.</summary>
    /// <exception cref="InputException">A bad flag or value (one line naming it).</exception>
    public static MgritRunConfig Parse(IReadOnlyList<string> args)
    {
        var p = ParsedOptions.Parse(args, Specs);
        var problem = ParseProblem(p.GetString("problem", "dahlquist"));
        bool heat = problem == MgritProblemKind.Heat1D;
        if (!heat && p.Has("nx"))
        {
            throw new InputException("--nx applies to --problem heat1d only");
        }

        int steps = p.GetInt("nt", heat ? 64 : 10);
        var config = new MgritRunConfig
        {
            Problem = problem,
            Steps = steps,
            StopTime = p.GetDouble("tstop", heat ? 2 * Math.PI : steps / 2.0),
            SpatialPoints = heat ? p.GetInt("nx", 33) : null,
            MaxLevels = p.GetInt("max-levels", 2),
            MinCoarse = p.GetInt("min-coarse", heat ? 3 : 2),
            CFactor = p.GetInt("cf", 2),
            NRelax = p.GetInt("nu", 1),
            CRelaxWeight = p.GetDouble("cwt", 1.0),
            Tolerance = p.GetDouble("tol", heat ? 1e-7 : 1e-6),
            ToleranceKind = ParseToleranceKind(p.GetString("tol-kind", "absolute")),
            TemporalNorm = ParseTemporalNorm(p.GetString("tnorm", "2")),
            MaxIterations = p.GetInt("max-iter", heat ? 30 : 100),
            Skip = ParseSkip(p.GetInt("skip", heat ? 0 : 1)),
            Storage = ParseStorage(p.GetString("storage", "cpoints")),
            Fmg = p.GetSwitch("fmg"),
            DivergenceFactor = p.GetDouble("divergence-factor", 1e8),
            InitialGuess = ParseInitialGuess(p.GetString("initial-guess"), heat),
            Seed = ParseSeed(p.GetString("seed", "1")),
            TimeSteps = p.GetSwitch("time-steps"),
            Output = p.GetString("output"),
            LogFile = p.GetString("log-file"),
            Verbose = p.GetSwitch("verbose"),
        };
        config.Validate();
        return config;
    }

    /// <summary>
    /// Every setting as (flag name, JSON scalar), in help order, for <c>result.json</c>.
    /// </summary>
    public static IEnumerable<(string Name, object? Value)> Describe(MgritRunConfig c) =>
    [
        ("problem", Name(c.Problem)), ("nt", c.Steps), ("tstop", c.StopTime),
        ("nx", c.SpatialPoints), ("max-levels", c.MaxLevels), ("min-coarse", c.MinCoarse),
        ("cf", c.CFactor), ("nu", c.NRelax), ("cwt", c.CRelaxWeight), ("tol", c.Tolerance),
        ("tol-kind", c.ToleranceKind == ToleranceKind.Absolute ? "absolute" : "relative"),
        ("tnorm", Name(c.TemporalNorm)), ("max-iter", c.MaxIterations), ("skip", c.Skip ? 1 : 0),
        ("storage", Name(c.Storage)), ("fmg", c.Fmg), ("divergence-factor", c.DivergenceFactor),
        ("initial-guess", c.InitialGuess is { } g ? g : Random), ("seed", c.Seed),
        ("time-steps", c.TimeSteps), ("output", c.Output), ("log-file", c.LogFile),
        ("verbose", c.Verbose),
    ];

    /// <summary>The command-line word of a problem.</summary>
    public static string Name(MgritProblemKind problem) =>
        problem == MgritProblemKind.Heat1D ? "heat1d" : "dahlquist";

    private static string Name(TemporalNorm norm) => norm switch
    {
        TemporalNorm.One => "1",
        TemporalNorm.Infinity => "inf",
        _ => "2",
    };

    private static string Name(StorageMode storage) =>
        storage == StorageMode.AllPoints ? "all" : "cpoints";

    private static StorageMode ParseStorage(string text) => text.ToLowerInvariant() switch
    {
        "cpoints" => StorageMode.CPointsOnly,
        "all" => StorageMode.AllPoints,
        _ => throw new InputException(
            $"unknown value for --storage: '{text}' (expected cpoints|all)"),
    };

    private static MgritProblemKind ParseProblem(string text) => text.ToLowerInvariant() switch
    {
        "dahlquist" => MgritProblemKind.Dahlquist,
        "heat1d" => MgritProblemKind.Heat1D,
        _ => throw new InputException(
            $"unknown value for --problem: '{text}' (expected dahlquist|heat1d)"),
    };

    private static ToleranceKind ParseToleranceKind(string text) => text.ToLowerInvariant() switch
    {
        "absolute" => ToleranceKind.Absolute,
        "relative" => ToleranceKind.Relative,
        _ => throw new InputException(
            $"unknown value for --tol-kind: '{text}' (expected absolute|relative)"),
    };

    private static TemporalNorm ParseTemporalNorm(string text) => text.ToLowerInvariant() switch
    {
        "1" => TemporalNorm.One,
        "2" => TemporalNorm.Two,
        "inf" or "infinity" => TemporalNorm.Infinity,
        _ => throw new InputException($"unknown value for --tnorm: '{text}' (expected 1|2|inf)"),
    };

    private static bool ParseSkip(int value) => value switch
    {
        0 => false,
        1 => true,
        _ => throw new InputException($"--skip must be 0 or 1, got {value}"),
    };

    private static double? ParseInitialGuess(string? text, bool heat)
    {
        if (text is null)
        {
            return heat ? null : 0.456;
        }

        if (text.Equals(Random, StringComparison.OrdinalIgnoreCase))
        {
            return heat
                ? null
                : throw new InputException("--initial-guess random needs --problem heat1d");
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture,
            out double value) && double.IsFinite(value)
            ? value
            : throw new InputException(
                $"malformed value for --initial-guess: '{text}' (a finite number or random)");
    }

    private static ulong ParseSeed(string text) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)
            ? seed
            : throw new InputException(
                $"malformed number for --seed: '{text}' is not a non-negative integer");
}
