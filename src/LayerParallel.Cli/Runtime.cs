using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using LayerParallel.Cli.Commands;
using LayerParallel.Core;
using LayerParallel.Core.Communication;
using LayerParallel.Mpi;

namespace LayerParallel.Cli;

/// <summary>
/// The program's parallel runtime and its failure policy: MPI starts on first use and is
/// finalized once; every failure ends as one <c>error:</c> line and an exit code on every rank,
/// and no rank is left waiting for one that failed. The policy is described in the README
/// ("Errors and exit codes").
/// </summary>
public static class Runtime
{
    /// <summary>Set to 1 to get stack traces and MPICH's own exit messages.</summary>
    public const string DebugVariable = "LAYERPARALLEL_DEBUG";

    /// <summary>
    /// How long a rank that met an <see cref="InputException"/> after MPI started waits for the
    /// other ranks to report the same error before it concludes it failed alone and aborts.
    /// </summary>
    public static TimeSpan CollectiveErrorTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>True when <see cref="DebugVariable"/> asks for diagnostics.</summary>
    public static bool DebugRequested =>
        Environment.GetEnvironmentVariable(DebugVariable) is { Length: > 0 } v && v != "0";

    /// <summary>True once MPI runs in this process (and until it is finalized).</summary>
    public static bool IsStarted => MpiRuntime.IsStarted;

    /// <summary>This process's rank: the MPI rank once started, the launcher's before.</summary>
    public static int Rank => MpiRuntime.World?.Rank ?? CommandContext.LauncherRank;

    /// <summary>Starts MPI (collective) and returns the world communicator.</summary>
    /// <exception cref="InputException">MPICH is missing or Open MPI launched the job.</exception>
    public static ICommunicator StartCommunicator() => MpiRuntime.Start();

    /// <summary>Finalizes MPI if it runs (collective); later calls do nothing.</summary>
    public static void Shutdown() => MpiRuntime.Shutdown();

    /// <summary>
    /// For an error only this rank may see: prints <c>error: rank R: message</c> (without the
    /// rank in a one-rank job) and ends the whole job with <paramref name="exitCode"/>:
    /// MPI_Abort under a launcher, so that no other rank waits for this one; a plain exit in a
    /// single process. Never returns.
    /// </summary>
    [DoesNotReturn]
    public static void FailAlone(int exitCode, string message)
    {
        _ = StartUnderLauncher();
        AbortJob(exitCode, message, null, verbose: false);
    }

    /// <summary>Prints <c>error: text</c> as one line on standard error.</summary>
    public static void WriteError(string text) =>
        Console.Error.WriteLine($"error: {OneLine(text)}");

    /// <summary>Collapses line breaks and runs of blanks so that a message fits one line.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// Bad input. Once MPI runs (it is started here when a launcher started several ranks),
    /// the ranks check that all of them met the error (a barrier on a private communicator,
    /// <see cref="CollectiveErrorTimeout"/>): if so rank 0 prints and all finalize and exit 2;
    /// if not, this rank prints with its number and aborts the job with 2. A single process,
    /// or one where MPI cannot start, prints on rank 0 and exits 2.
    /// </summary>
    internal static int OnInputError(InputException error, bool verbose) =>
        OnCollectiveError(error, Program.UsageError, verbose);

    /// <summary>
    /// An error every rank meets together (bad input after MPI started, a NaN loss or a
    /// diverged solve, which are reduced to all ranks): rank 0 prints it once and every rank
    /// exits with <paramref name="exitCode"/>; a rank that finds itself alone aborts the job.
    /// </summary>
    internal static int OnCollectiveError(Exception error, int exitCode, bool verbose)
    {
        if (!StartUnderLauncher())
        {
            if (CommandContext.LauncherRank == 0)
            {
                WriteError(error.Message);
                WriteTrace(error, verbose);
            }

            return exitCode;
        }

        if (!MpiRuntime.AllRanksArrive(CollectiveErrorTimeout))
        {
            AbortJob(exitCode, error.Message, error, verbose);
        }

        if (Rank == 0)
        {
            WriteError(error.Message);
            WriteTrace(error, verbose);
        }

        Shutdown();
        return exitCode;
    }

    /// <summary>
    /// Any other failure: with MPI running (started here under a launcher of several ranks)
    /// this rank prints <c>error: rank R: message</c> and aborts the job with 1, since the
    /// others may wait for it; a single process prints and returns 1.
    /// </summary>
    internal static int OnFailure(Exception error, bool verbose)
    {
        var root = Unwrap(error);
        var text = Describe(root);
        if (StartUnderLauncher())
        {
            AbortJob(Program.RunFailure, text, error, verbose);
        }

        WriteError(RankPrefix() + text);
        WriteTrace(error, verbose);
        return Program.RunFailure;
    }

    /// <summary>An exception escaped a thread other than the main one: same as a failure.</summary>
    internal static void OnUnhandled(object error, bool verbose)
    {
        var exception = error as Exception ?? new InvalidOperationException($"{error}");
        AbortJob(Program.RunFailure, Describe(Unwrap(exception)), exception, verbose);
    }

    // MPICH's launcher does not notice a rank that exits before MPI_Init while the others wait
    // in MPI_Init, so under a launcher of several ranks an error path starts MPI first: the
    // exit or abort that follows is then seen and ends the whole job. True if MPI runs.
    private static bool StartUnderLauncher()
    {
        if (IsStarted)
        {
            return true;
        }

        if (CommandContext.LauncherSize <= 1)
        {
            return false;
        }

        try
        {
            MpiRuntime.Start();
            return true;
        }
        catch (Exception e) when (e is InputException or InvalidOperationException or MpiException)
        {
            return false;
        }
    }

    [DoesNotReturn]
    private static void AbortJob(int exitCode, string message, Exception? error, bool verbose)
    {
        WriteError(RankPrefix() + message);
        if (error is not null)
        {
            WriteTrace(error, verbose);
        }

        MpiRuntime.Abort(exitCode);
    }

    // "rank R: " when several ranks run, so that the reader knows which one failed.
    private static string RankPrefix() =>
        (MpiRuntime.World?.Size ?? CommandContext.LauncherSize) > 1
            ? $"rank {Rank}: "
            : string.Empty;

    private static Exception Unwrap(Exception error) => error switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        TypeInitializationException { InnerException: { } inner } => Unwrap(inner),
        _ => error,
    };

    // The message, then the type for exceptions that are not the program's own kinds.
    private static string Describe(Exception error)
    {
        var message = string.IsNullOrWhiteSpace(error.Message) ? "(no message)" : error.Message;
        return error is InputException or NumericalBreakdownException or MpiException
            ? message
            : $"{message} ({error.GetType().Name})";
    }

    private static void WriteTrace(Exception error, bool verbose)
    {
        if (verbose || DebugRequested)
        {
            Console.Error.WriteLine(error.ToString());
        }
    }
}
