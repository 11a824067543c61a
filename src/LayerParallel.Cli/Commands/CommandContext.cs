using LayerParallel.Core.Communication;
using Serilog;

namespace LayerParallel.Cli.Commands;

/// <summary>
/// What a command gets from the program: the communicator (MPI starts on first use) and a way to
/// build the rank-tagged logger. Commands validate their input before touching either.
/// </summary>
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

    /// <summary>The rank as the launcher announces it, readable before MPI starts (0 if none).</summary>
    public static int LauncherRank =>
        int.TryParse(Environment.GetEnvironmentVariable("PMI_RANK"), out var r) ? r : 0;

    /// <summary>
    /// Configures Serilog for this rank (console, and <paramref name="logFile"/> if given) and
    /// returns the logger; every event carries the <c>Rank</c> property.
    /// </summary>
    public ILogger CreateLogger(int rank, string? logFile = null, bool verbose = false) =>
        Logging.Create(rank, logFile, verbose);
}
