namespace LayerParallel.Core.Communication;

/// <summary>
/// The narrow message-passing interface that the numerical code talks to. Two implementations
/// exist: <see cref="InProcessCommunicator"/> (virtual ranks on threads, for unit tests) and the
/// MPI communicator in <c>LayerParallel.Mpi</c>, the only place that knows MPI.NET.
/// </summary>
/// <remarks>
/// Buffers are whole <c>double[]</c> arrays: a message is always the full array, so callers size
/// their pack buffers once per level. Only arrays of primitive types cross the wire.
/// Point-to-point calls are matched by (source, <see cref="MessageTag"/>) in order of posting.
/// </remarks>
public interface ICommunicator
{
    /// <summary>This process's rank, 0 ≤ Rank &lt; Size.</summary>
    int Rank { get; }

    /// <summary>Number of ranks in the communicator.</summary>
    int Size { get; }

    /// <summary>Blocking send of the whole <paramref name="buffer"/> to <paramref name="destination"/>.</summary>
    void Send(double[] buffer, int destination, MessageTag tag);

    /// <summary>Blocking receive into the whole <paramref name="buffer"/>; the message length must equal the buffer length.</summary>
    void Receive(double[] buffer, int source, MessageTag tag);

    /// <summary>Starts a send; the buffer must not be touched until the request completes.</summary>
    ICommRequest ImmediateSend(double[] buffer, int destination, MessageTag tag);

    /// <summary>Starts a receive into <paramref name="buffer"/>; read it only after the request completes.</summary>
    ICommRequest ImmediateReceive(double[] buffer, int source, MessageTag tag);

    /// <summary>Element-wise sum over all ranks, in place. Collective.</summary>
    void AllreduceSum(double[] values);

    /// <summary>Element-wise maximum over all ranks, in place. Collective.</summary>
    void AllreduceMax(double[] values);

    /// <summary>Copies <paramref name="values"/> from <paramref name="root"/> to every rank. Collective.</summary>
    void Broadcast(double[] values, int root);

    /// <summary>Waits until every rank has arrived. Collective.</summary>
    void Barrier();

    /// <summary>
    /// Ends every rank of the job with <paramref name="exitCode"/>. Used when one rank fails alone,
    /// so that no other rank waits forever.
    /// </summary>
    void Abort(int exitCode);
}
