namespace LayerParallel.Core.Communication;

/// <summary>The shared mailboxes of the virtual ranks of one <see cref="InProcessCommunicator"/> run.</summary>
internal sealed class InProcessWorld(int size, TimeSpan timeout)
{
    internal const int ReduceTag = -1;
    internal const int ReduceResultTag = -2;
    internal const int BroadcastTag = -3;

    private readonly Dictionary<(int Source, int Destination, int Tag), Queue<double[]>> _boxes = [];
    private readonly object _gate = new();
    private bool _aborted;

    public int Size { get; } = size;

    public TimeSpan Timeout { get; } = timeout;

    public void Abort()
    {
        lock (_gate)
        {
            _aborted = true;
            Monitor.PulseAll(_gate);
        }
    }

    public void Post(int source, int destination, int tag, double[] buffer)
    {
        CheckRank(destination);
        var copy = (double[])buffer.Clone();
        lock (_gate)
        {
            ThrowIfAborted();
            var key = (source, destination, tag);
            if (!_boxes.TryGetValue(key, out var queue))
            {
                queue = new Queue<double[]>();
                _boxes[key] = queue;
            }

            queue.Enqueue(copy);
            Monitor.PulseAll(_gate);
        }
    }

    public void Take(int source, int destination, int tag, double[] buffer)
    {
        CheckRank(source);
        var deadline = DateTime.UtcNow + Timeout;
        lock (_gate)
        {
            while (!TryDequeue(source, destination, tag, buffer))
            {
                ThrowIfAborted();
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    _aborted = true;
                    Monitor.PulseAll(_gate);
                    throw new TimeoutException(
                        $"rank {destination} waited {Timeout.TotalSeconds:F0} s for a message " +
                        $"from rank {source} with tag {tag}");
                }

                Monitor.Wait(_gate, left);
            }
        }
    }

    public bool TryTake(int source, int destination, int tag, double[] buffer)
    {
        lock (_gate)
        {
            ThrowIfAborted();
            return TryDequeue(source, destination, tag, buffer);
        }
    }

    private bool TryDequeue(int source, int destination, int tag, double[] buffer)
    {
        if (!_boxes.TryGetValue((source, destination, tag), out var queue) || queue.Count == 0)
        {
            return false;
        }

        var message = queue.Dequeue();
        if (message.Length != buffer.Length)
        {
            throw new InvalidOperationException(
                $"message of {message.Length} doubles from rank {source} (tag {tag}) " +
                $"does not fit a receive buffer of {buffer.Length}");
        }

        message.CopyTo(buffer, 0);
        return true;
    }

    private void ThrowIfAborted()
    {
        if (_aborted)
        {
            throw new CommunicatorAbortedException();
        }
    }

    private void CheckRank(int rank)
    {
        if (rank < 0 || rank >= Size)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must be in [0, {Size})");
        }
    }
}
