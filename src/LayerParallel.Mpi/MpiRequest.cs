using System.Runtime.InteropServices;
using LayerParallel.Core.Communication;
using static MPI.Unsafe;

namespace LayerParallel.Mpi;

/// <summary>
/// A pending <c>MPI_Isend</c> or <c>MPI_Irecv</c>. The buffer stays pinned until the request
/// completes in <see cref="Wait"/> or <see cref="Test"/>; callers must complete every request.
/// </summary>
internal sealed class MpiRequest : ICommRequest
{
    private readonly int _expectedCount;
    private readonly int _peer;
    private readonly int _tag;
    private GCHandle _pin;
    private int _request;
    private bool _done;

    private MpiRequest(double[] buffer, int expectedCount, int peer, int tag)
    {
        _pin = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        _expectedCount = expectedCount;
        _peer = peer;
        _tag = tag;
    }

    /// <summary>Starts <c>MPI_Isend</c> of the whole buffer.</summary>
    public static MpiRequest StartSend(double[] buffer, int destination, int tag, int comm)
    {
        var request = new MpiRequest(buffer, -1, destination, tag);
        int code = MPI_Isend(
            request.Address, buffer.Length, MPI_DOUBLE, destination, tag, comm, out request._request);
        request.Start(code, "MPI_Isend");
        return request;
    }

    /// <summary>Starts <c>MPI_Irecv</c> into the whole buffer.</summary>
    public static MpiRequest StartReceive(double[] buffer, int source, int tag, int comm)
    {
        var request = new MpiRequest(buffer, buffer.Length, source, tag);
        int code = MPI_Irecv(
            request.Address, buffer.Length, MPI_DOUBLE, source, tag, comm, out request._request);
        request.Start(code, "MPI_Irecv");
        return request;
    }

    private IntPtr Address => _pin.AddrOfPinnedObject();

    /// <inheritdoc/>
    public void Wait()
    {
        if (_done)
        {
            return;
        }

        int code = MPI_Wait(ref _request, out var status);
        Complete(code, ref status, "MPI_Wait");
    }

    /// <inheritdoc/>
    public bool Test()
    {
        if (_done)
        {
            return true;
        }

        int code = MPI_Test(ref _request, out var flag, out var status);
        if (code != MPI_SUCCESS || flag != 0)
        {
            Complete(code, ref status, "MPI_Test");
        }

        return _done;
    }

    private void Start(int code, string call)
    {
        if (code != MPI_SUCCESS)
        {
            _pin.Free();
            _done = true;
            MpiException.Check(code, call);
        }
    }

    private void Complete(int code, ref MPI_Status status, string call)
    {
        _done = true;
        _pin.Free();
        MpiException.Check(code, call);
        if (_expectedCount >= 0)
        {
            MpiCommunicator.CheckLength(ref status, _expectedCount, _peer, _tag);
        }
    }
}
