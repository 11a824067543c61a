using System.Diagnostics.CodeAnalysis;
using System.Text;
using static MPI.Unsafe;

namespace LayerParallel.Mpi;

/// <summary>
/// The process's MPI session: started at most once (MPI cannot be initialized twice), finalized
/// once at exit. Works under <c>mpiexec -n P</c> and in a plain process, which MPICH starts as
/// a one-rank job (singleton init).
/// </summary>
public static class MpiRuntime
{
    private static readonly Lock Gate = new();
    private static MPI.Environment? _environment;
    private static MpiCommunicator? _world;
    private static int _control;
    private static bool _finalized;

    /// <summary>
    /// Time given to the launcher to forward output already written before
    /// <see cref="Abort"/> ends the job (hydra drops what is still in flight when it kills ranks).
    /// </summary>
    public static TimeSpan AbortGracePeriod { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// When true, MPICH's own messages at finalize and abort stay visible on standard error;
    /// by default they are hidden because the program prints its own one-line reason.
    /// </summary>
    public static bool ShowNativeDiagnostics { get; set; }

    /// <summary>True between a successful <see cref="Start"/> and <see cref="Shutdown"/>.</summary>
    public static bool IsStarted
    {
        get
        {
            lock (Gate)
            {
                return _world is not null && !_finalized;
            }
        }
    }

    /// <summary>The world communicator once <see cref="Start"/> has run; null before.</summary>
    public static MpiCommunicator? World
    {
        get
        {
            lock (Gate)
            {
                return _world;
            }
        }
    }

    /// <summary>
    /// Initializes MPI (MPI_THREAD_SERIALIZED) on the first call and returns the world
    /// communicator; later calls return the same instance. Collective over the launched job.
    /// </summary>
    /// <exception cref="Core.InputException">MPICH is missing or Open MPI is in the way.</exception>
    /// <exception cref="InvalidOperationException">MPI was finalized in this process.</exception>
    public static MpiCommunicator Start()
    {
        lock (Gate)
        {
            if (_finalized)
            {
                throw new InvalidOperationException("MPI was finalized and cannot start again");
            }

            if (_world is not null)
            {
                return _world;
            }

            MpiLibrary.EnsureLoadable();
            string[]? noArguments = null;
            _environment = new MPI.Environment(ref noArguments!, MPI.Threading.Serialized);
            _world = new MpiCommunicator(MPI_COMM_WORLD);

            // A private duplicate of the world for the failure handshake, so that it can never
            // match a collective of the program's own.
            MpiException.Check(MPI_Comm_dup(MPI_COMM_WORLD, out _control), "MPI_Comm_dup");
            return _world;
        }
    }

    /// <summary>
    /// Finalizes MPI if it was started; does nothing otherwise or when called again. Collective:
    /// every rank must reach it. MPICH's exit-time report of leaked internal handles (yaksa)
    /// is not shown unless <see cref="ShowNativeDiagnostics"/> is set.
    /// </summary>
    public static void Shutdown()
    {
        lock (Gate)
        {
            if (_environment is null || _finalized)
            {
                return;
            }

            _finalized = true;
            FlushConsole();
            _ = MPI_Comm_free(ref _control);
            using (QuietStderr.Begin())
            {
                _environment.Dispose();
            }
        }
    }

    /// <summary>
    /// Joins a barrier that only ranks calling this method enter, and reports whether every
    /// rank arrived within <paramref name="timeout"/>. A program calls it on an error it
    /// believes every rank detects: true means the error was collective and all ranks may
    /// finalize; false means some rank is elsewhere (maybe blocked on this one) and the job
    /// must be aborted instead. True at once when MPI is not running or on one rank.
    /// </summary>
    /// <remarks>Collective in intent; blocks at most <paramref name="timeout"/>.</remarks>
    public static bool AllRanksArrive(TimeSpan timeout)
    {
        lock (Gate)
        {
            if (_world is null || _finalized || _world.Size == 1)
            {
                return true;
            }
        }

        MpiException.Check(MpichNative.Ibarrier(_control, out var request), "MPI_Ibarrier");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            MpiException.Check(MPI_Test(ref request, out var done, out _), "MPI_Test");
            if (done != 0)
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            Thread.Sleep(1);
        }
    }

    /// <summary>
    /// Ends the whole job: flushes the console and calls <c>MPI_Abort(MPI_COMM_WORLD,
    /// exitCode)</c>, after which the launcher stops every rank. Without MPI it just exits the
    /// process with <paramref name="exitCode"/>. Never returns.
    /// </summary>
    [DoesNotReturn]
    public static void Abort(int exitCode)
    {
        FlushConsole();
        bool running;
        lock (Gate)
        {
            running = _world is not null && !_finalized;
        }

        if (running)
        {
            // MPICH prints its own "application called MPI_Abort" line; the caller has already
            // printed the reason, so standard error is silenced for the call.
            Thread.Sleep(AbortGracePeriod);
            _ = QuietStderr.Begin();
            _ = MPI_Abort(MPI_COMM_WORLD, exitCode);
        }

        Environment.Exit(exitCode);
    }

    /// <summary>
    /// The MPI library's own description (MPI_Get_library_version), first line only, e.g.
    /// <c>MPICH 4.0.2</c>. Callable before <see cref="Start"/>.
    /// </summary>
    /// <exception cref="Core.InputException">MPICH is missing or Open MPI is in the way.</exception>
    public static unsafe string LibraryVersion()
    {
        MpiLibrary.EnsureLoadable();
        var text = new byte[MpichNative.MaxLibraryVersionString];
        int length;
        fixed (byte* p = text)
        {
            MpiException.Check(
                MpichNative.GetLibraryVersion(p, out length), "MPI_Get_library_version");
        }

        var all = Encoding.ASCII.GetString(text, 0, Math.Clamp(length, 0, text.Length));
        var first = all.TrimEnd('\0').Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault() ?? "unknown";
        var words = first.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w != "Version:");
        return string.Join(' ', words);
    }

    /// <summary>This rank's processor (host) name from MPI_Get_processor_name.</summary>
    /// <exception cref="InvalidOperationException">MPI is not running.</exception>
    public static string ProcessorName()
    {
        if (!IsStarted)
        {
            throw new InvalidOperationException("MPI is not running");
        }

        var name = new byte[MPI_MAX_PROCESSOR_NAME + 1];
        int length = MPI_MAX_PROCESSOR_NAME;
        MpiException.Check(MPI_Get_processor_name(name, ref length), "MPI_Get_processor_name");
        return Encoding.ASCII.GetString(name, 0, Math.Clamp(length, 0, MPI_MAX_PROCESSOR_NAME));
    }

    private static void FlushConsole()
    {
        Console.Out.Flush();
        Console.Error.Flush();
    }
}
