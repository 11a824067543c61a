using System.Runtime.InteropServices;

namespace LayerParallel.Mpi;

/// <summary>
/// The few MPICH entry points that MPI.NET does not declare. MPI.NET's own imports are
/// redirected to the same library by <see cref="MpiLibrary"/>.
/// </summary>
internal static partial class MpichNative
{
    /// <summary>MPI_MAX_LIBRARY_VERSION_STRING of MPICH.</summary>
    public const int MaxLibraryVersionString = 8192;

    /// <summary>MPI_IN_PLACE of MPICH (and of Microsoft MPI): the address −1.</summary>
    public static readonly IntPtr InPlace = new(-1);

    [LibraryImport(MpiLibrary.MpichLibrary, EntryPoint = "MPI_Ibarrier")]
    public static partial int Ibarrier(int comm, out int request);

    [LibraryImport(MpiLibrary.MpichLibrary, EntryPoint = "MPI_Get_library_version")]
    public static unsafe partial int GetLibraryVersion(byte* version, out int length);
}
