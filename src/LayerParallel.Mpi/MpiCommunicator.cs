using LayerParallel.Core.Communication;
using static MPI.Unsafe;

namespace LayerParallel.Mpi;

/// <summary>
/// <see cref="ICommunicator"/> over <c>MPI_COMM_WORLD</c>. Every call goes straight to the MPI
/// routine through MPI.NET's low-level imports on a pinned <c>double[]</c>: no serialization,
/// no copies, and no managed allocation except one small request object per non-blocking call.
/// </summary>
/// <remarks>
/// Not thread-safe: MPI is called from one thread at a time (MPI_THREAD_SERIALIZED). Obtain the
/// instance from <see cref="MpiRuntime.Start"/>. Errors of MPI calls surface as
/// <see cref="MpiException"/> (the world communicator returns error codes).
/// </remarks>
public sealed class MpiCommunicator : ICommunicator
{
    private readonly int _comm;

    internal MpiCommunicator(int comm)
    {
        _comm = comm;
        MpiException.Check(MPI_Comm_rank(comm, out var rank), "MPI_Comm_rank");
        MpiException.Check(MPI_Comm_size(comm, out var size), "MPI_Comm_size");
        Rank = rank;
        Size = size;
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="destination"/> is not a rank.
    /// </exception>
    public unsafe void Send(double[] buffer, int destination, MessageTag tag)
    {
        CheckPeer(destination, nameof(destination));
        fixed (double* p = buffer)
        {
            MpiException.Check(
                MPI_Send((IntPtr)p, buffer.Length, MPI_DOUBLE, destination, tag.Value, _comm),
                "MPI_Send");
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="source"/> is not a rank.</exception>
    /// <exception cref="MpiException">The message is longer than the buffer.</exception>
    /// <exception cref="InvalidOperationException">The message is shorter than the buffer.
    /// </exception>
    public unsafe void Receive(double[] buffer, int source, MessageTag tag)
    {
        CheckPeer(source, nameof(source));
        MPI_Status status;
        fixed (double* p = buffer)
        {
            int code = MPI_Recv(
                (IntPtr)p, buffer.Length, MPI_DOUBLE, source, tag.Value, _comm, out status);
            MpiException.Check(code, "MPI_Recv");
        }

        CheckLength(ref status, buffer.Length, source, tag.Value);
    }

    /// <inheritdoc/>
    public ICommRequest ImmediateSend(double[] buffer, int destination, MessageTag tag)
    {
        CheckPeer(destination, nameof(destination));
        return MpiRequest.StartSend(buffer, destination, tag.Value, _comm);
    }

    /// <inheritdoc/>
    public ICommRequest ImmediateReceive(double[] buffer, int source, MessageTag tag)
    {
        CheckPeer(source, nameof(source));
        return MpiRequest.StartReceive(buffer, source, tag.Value, _comm);
    }

    /// <inheritdoc/>
    public void AllreduceSum(double[] values) => Allreduce(values, MPI_SUM);

    /// <inheritdoc/>
    public void AllreduceMax(double[] values) => Allreduce(values, MPI_MAX);

    /// <inheritdoc/>
    public unsafe void Broadcast(double[] values, int root)
    {
        CheckPeer(root, nameof(root));
        fixed (double* p = values)
        {
            MpiException.Check(
                MPI_Bcast((IntPtr)p, values.Length, MPI_DOUBLE, root, _comm), "MPI_Bcast");
        }
    }

    /// <inheritdoc/>
    public void Barrier() => MpiException.Check(MPI_Barrier(_comm), "MPI_Barrier");

    /// <summary>
    /// Calls <c>MPI_Abort</c>: the launcher ends every rank and reports
    /// <paramref name="exitCode"/>.
    /// Console output is flushed first. Does not return.
    /// </summary>
    public void Abort(int exitCode) => MpiRuntime.Abort(exitCode);

    // MPI_Allreduce with MPI_IN_PLACE: the result overwrites the input on every rank.
    private unsafe void Allreduce(double[] values, int op)
    {
        fixed (double* p = values)
        {
            MpiException.Check(
                MPI_Allreduce(MpichNative.InPlace, (IntPtr)p, values.Length, MPI_DOUBLE, op, _comm),
                "MPI_Allreduce");
        }
    }

    private void CheckPeer(int rank, string name)
    {
        if ((uint)rank >= (uint)Size)
        {
            throw new ArgumentOutOfRangeException(name, rank, $"rank must be in [0, {Size})");
        }
    }

    /// <summary>Throws unless the message filled exactly <paramref name="expected"/> doubles.</summary>
    internal static void CheckLength(ref MPI_Status status, int expected, int source, int tag)
    {
        MpiException.Check(MPI_Get_count(ref status, MPI_DOUBLE, out var count), "MPI_Get_count");
        if (count != expected)
        {
            throw new InvalidOperationException(
                $"message of {count} doubles from rank {source} ({tag}) does not fill a receive " +
                $"buffer of {expected}");
        }
    }
}
