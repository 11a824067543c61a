namespace LayerParallel.Core.Communication;

/// <summary>Thrown on a rank whose communicator was aborted because another rank failed.</summary>
public sealed class CommunicatorAbortedException : Exception
{
    public CommunicatorAbortedException() : base("the communicator was aborted by another rank") { }

    public CommunicatorAbortedException(string message) : base(message) { }

    public CommunicatorAbortedException(string message, Exception inner) : base(message, inner) { }
}
