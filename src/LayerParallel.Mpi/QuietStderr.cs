using System.Runtime.InteropServices;

namespace LayerParallel.Mpi;

/// <summary>
/// Points file descriptor 2 at <c>/dev/null</c> for the length of a native call whose messages
/// are noise to the user (MPICH's exit-time handle-pool report, its echo of MPI_Abort), and
/// restores it afterwards. Does nothing where libc cannot be called or
/// <see cref="MpiRuntime.ShowNativeDiagnostics"/> is set.
/// </summary>
internal static partial class QuietStderr
{
    private const int StderrFd = 2;
    private const int WriteOnly = 1;

    /// <summary>Silences fd 2 until the result is disposed.</summary>
    public static IDisposable Begin()
    {
        if (MpiRuntime.ShowNativeDiagnostics || !OperatingSystem.IsLinux())
        {
            return Restore.None;
        }

        try
        {
            int saved = Dup(StderrFd);
            int devNull = Open("/dev/null", WriteOnly);
            if (saved < 0 || devNull < 0)
            {
                CloseIfOpen(saved);
                CloseIfOpen(devNull);
                return Restore.None;
            }

            _ = Dup2(devNull, StderrFd);
            _ = Close(devNull);
            return new Restore(saved);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return Restore.None;
        }
    }

    private static void CloseIfOpen(int fd)
    {
        if (fd >= 0)
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "dup")]
    private static partial int Dup(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "dup2")]
    private static partial int Dup2(int from, int to);

    [LibraryImport("libc.so.6", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "close")]
    private static partial int Close(int fd);

    private sealed class Restore(int saved) : IDisposable
    {
        public static readonly Restore None = new(-1);

        public void Dispose()
        {
            if (saved >= 0)
            {
                _ = Dup2(saved, StderrFd);
                _ = Close(saved);
            }
        }
    }
}
