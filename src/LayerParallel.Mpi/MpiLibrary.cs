using System.Reflection;
using System.Runtime.InteropServices;
using LayerParallel.Core;

namespace LayerParallel.Mpi;

/// <summary>
/// Finds the native MPI library. MPI.NET is compiled against Microsoft MPI (<c>msmpi.dll</c>,
/// integer handles); MPICH shares that ABI, so on Linux its imports are redirected to
/// <see cref="MpichLibrary"/>. Open MPI (pointer handles) is refused with a clear message.
/// </summary>
public static class MpiLibrary
{
    /// <summary>The MPICH shared library whose ABI matches MPI.NET's handles and status.</summary>
    public const string MpichLibrary = "libmpich.so.12";

    /// <summary>Open MPI's library; present means the wrong MPI is installed.</summary>
    public const string OpenMpiLibrary = "libmpi.so.40";

    private static readonly Lock Gate = new();
    private static bool _resolverInstalled;

    /// <summary>
    /// Why MPI cannot be used in this process, as one line, or null when it can. Looks at the
    /// launcher's environment and the installed libraries; loads nothing into MPI.
    /// </summary>
    public static string? FindProblem() =>
        FindProblem(MpichLibrary, OpenMpiLibrary, Environment.GetEnvironmentVariable);

    /// <summary>
    /// <see cref="FindProblem()"/> with the library names and the environment given, so that
    /// each outcome can be checked where MPICH is installed.
    /// </summary>
    /// <param name="mpichLibrary">The MPICH library (normally <see cref="MpichLibrary"/>).</param>
    /// <param name="openMpiLibrary">The Open MPI library to look for.</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    public static string? FindProblem(
        string mpichLibrary, string openMpiLibrary, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("OMPI_COMM_WORLD_SIZE") is not null)
        {
            return "this job was started by Open MPI's mpirun/mpiexec, but LayerParallel needs " +
                "MPICH: install it (apt-get install mpich) and launch with mpiexec.mpich";
        }

        if (NativeLibrary.TryLoad(mpichLibrary, out var mpich))
        {
            NativeLibrary.Free(mpich);
            return null;
        }

        if (NativeLibrary.TryLoad(openMpiLibrary, out var openMpi))
        {
            NativeLibrary.Free(openMpi);
            return $"found Open MPI ({openMpiLibrary}) but not MPICH ({mpichLibrary}); " +
                "LayerParallel needs MPICH's ABI: apt-get install mpich";
        }

        return $"the MPI library {mpichLibrary} was not found: install MPICH " +
            "(apt-get install mpich, or run deploy/quickstart.sh)";
    }

    /// <summary>
    /// Checks the library and points MPI.NET's imports at MPICH. Safe to call more than once.
    /// </summary>
    /// <exception cref="InputException">MPICH is missing, or Open MPI is in the way.</exception>
    public static void EnsureLoadable()
    {
        var problem = FindProblem();
        if (problem is not null)
        {
            throw new InputException(problem);
        }

        lock (Gate)
        {
            if (_resolverInstalled)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(MPI.Unsafe).Assembly, Resolve);
            _resolverInstalled = true;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? paths) =>
        name.StartsWith("msmpi", StringComparison.OrdinalIgnoreCase)
            ? NativeLibrary.Load(MpichLibrary)
            : IntPtr.Zero;
}
