using System.Diagnostics.CodeAnalysis;
using LayerParallel.Core.Communication;
using Serilog;

namespace LayerParallel.Cli.Commands;

/// <summary>
/// What a command gets from the program: the communicator (MPI starts on first use) and a way to
/// build the rank-tagged logger. Commands validate their input before touching either.
/// </summary>
/// <remarks>
/// Failure policy (see <see cref="Runtime"/>): throw <see cref="Core.InputException"/> for bad
/// input that every rank detects alike; call <see cref="FailAlone"/> for an error only this
/// rank may see (a file missing on one host); any other exception aborts the job.
/// </remarks>
public sealed class CommandContext(Func<ICommunicator> startCommunicator)
{
    private ICommunicator? _communicator;

    /// <summary>
    /// The world communicator: MPI under <c>mpiexec</c>, one rank otherwise. Starting it is
    /// collective; it is started once per process.
    /// </summary>
    public ICommunicator Communicator => _communicator ??= startCommunicator();

    /// <summary>True once <see cref="Communicator"/> has been started.</summary>
    public bool IsParallelStarted => _communicator is not null;

    /// <summary>
    /// The rank as the launcher announces it, readable before MPI starts (0 if none): MPICH's
    /// <c>PMI_RANK</c>, else PMIx's <c>PMIX_RANK</c>, else Open MPI's <c>OMPI_COMM_WORLD_RANK</c>.
    /// </summary>
    public static int LauncherRank =>
        FromEnvironment(0, "PMI_RANK", "PMIX_RANK", "OMPI_COMM_WORLD_RANK");

    /// <summary>The number of processes the launcher started (1 if none).</summary>
    public static int LauncherSize => FromEnvironment(1, "PMI_SIZE", "OMPI_COMM_WORLD_SIZE");

    /// <summary>
    /// Configures Serilog for this rank (console, and <paramref name="logFile"/> if given) and
    /// returns the logger; every event carries the <c>Rank</c> property.
    /// </summary>
    public ILogger CreateLogger(int rank, string? logFile = null, bool verbose = false) =>
        Logging.Create(rank, logFile, verbose);

    /// <summary>
    /// Ends the job for an error that only this rank may see: prints
    /// <c>error: rank R: message</c> and aborts every rank with <paramref name="exitCode"/>
    /// through the communicator, so that nobody waits for this rank. Before the communicator
    /// started it just exits this process (the launcher then stops the others).
    /// </summary>
    /// <exception cref="CommunicatorAbortedException">
    /// With an in-process communicator (tests), whose abort throws instead of exiting.
    /// </exception>
    [DoesNotReturn]
    public void FailAlone(int exitCode, string message)
    {
        if (_communicator is null)
        {
            Runtime.FailAlone(exitCode, message);
        }

        Runtime.WriteError($"rank {_communicator.Rank}: {message}");
        _communicator.Abort(exitCode);
        throw new CommunicatorAbortedException(
            $"rank {_communicator.Rank} failed alone with exit code {exitCode}");
    }

    private static int FromEnvironment(int fallback, params string[] names)
    {
        foreach (var name in names)
        {
            if (int.TryParse(Environment.GetEnvironmentVariable(name), out var value))
            {
                return value;
            }
        }

        return fallback;
    }
}
