namespace LayerParallel.Mpi;

/// <summary>An MPI call returned an error code; the message is MPI's own text for it.</summary>
public sealed class MpiException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public MpiException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public MpiException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> and its cause.</summary>
    public MpiException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Throws when <paramref name="errorCode"/> is not MPI_SUCCESS.</summary>
    /// <param name="errorCode">The return value of an MPI call.</param>
    /// <param name="call">The call's name, for the message (e.g. <c>MPI_Send</c>).</param>
    /// <exception cref="MpiException">The call failed.</exception>
    internal static void Check(int errorCode, string call)
    {
        if (errorCode != MPI.Unsafe.MPI_SUCCESS)
        {
            Throw(errorCode, call);
        }
    }

    private static void Throw(int errorCode, string call)
    {
        var detail = MPI.Environment.TranslateErrorIntoException(errorCode)?.Message
            ?? "unknown error";
        throw new MpiException($"{call} failed: {detail.Trim()}");
    }
}
