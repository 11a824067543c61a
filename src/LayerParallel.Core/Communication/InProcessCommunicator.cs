using System.Runtime.ExceptionServices;

namespace LayerParallel.Core.Communication;

/// <summary>
/// N virtual ranks on threads of one process, so that ordinary unit tests exercise the
/// distributed code paths. Sends are eager (the buffer is copied at once); receives block until
/// a matching message arrives, the world is aborted, or <see cref="InProcessWorld.Timeout"/>
/// passes. Reductions add in rank order, so results are deterministic.
/// </summary>
public sealed class InProcessCommunicator : ICommunicator
{
    private readonly InProcessWorld _world;

    internal InProcessCommunicator(InProcessWorld world, int rank)
    {
        _world = world;
        Rank = rank;
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size => _world.Size;

    /// <summary>
    /// Runs <paramref name="body"/> on <paramref name="size"/> virtual ranks and returns each
    /// rank's result. If any rank throws, the others are aborted and the first exception that
    /// was not an abort is rethrown.
    /// </summary>
    public static T[] Run<T>(int size, Func<ICommunicator, T> body, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var world = new InProcessWorld(size, timeout ?? TimeSpan.FromSeconds(120));
        var results = new T[size];
        var errors = new Exception?[size];
        var threads = new Thread[size];
        for (int r = 0; r < size; r++)
        {
            int rank = r;
            threads[r] = new Thread(() =>
            {
                try
                {
                    results[rank] = body(new InProcessCommunicator(world, rank));
                }
                catch (Exception e)
                {
                    errors[rank] = e;
                    world.Abort();
                }
            }, maxStackSize: 16 * 1024 * 1024)
            { IsBackground = true, Name = $"rank {rank}" };
            threads[r].Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        var first = errors.FirstOrDefault(e => e is not null and not CommunicatorAbortedException)
            ?? errors.FirstOrDefault(e => e is not null);
        if (first is not null)
        {
            ExceptionDispatchInfo.Capture(first).Throw();
        }

        return results;
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="size"/> virtual ranks.</summary>
    public static void Run(int size, Action<ICommunicator> body, TimeSpan? timeout = null) =>
        Run<int>(size, c => { body(c); return 0; }, timeout);

    /// <inheritdoc/>
    public void Send(double[] buffer, int destination, MessageTag tag) =>
        _world.Post(Rank, destination, tag.Value, buffer);

    /// <inheritdoc/>
    public void Receive(double[] buffer, int source, MessageTag tag) =>
        _world.Take(source, Rank, tag.Value, buffer);

    /// <inheritdoc/>
    public ICommRequest ImmediateSend(double[] buffer, int destination, MessageTag tag)
    {
        _world.Post(Rank, destination, tag.Value, buffer);
        return CompletedRequest.Instance;
    }

    /// <inheritdoc/>
    public ICommRequest ImmediateReceive(double[] buffer, int source, MessageTag tag) =>
        new PendingReceive(_world, source, Rank, tag.Value, buffer);

    /// <inheritdoc/>
    public void AllreduceSum(double[] values) => Reduce(values, static (a, b) => a + b);

    /// <inheritdoc/>
    public void AllreduceMax(double[] values) => Reduce(values, Math.Max);

    /// <inheritdoc/>
    public void Broadcast(double[] values, int root)
    {
        if (Rank == root)
        {
            for (int r = 0; r < Size; r++)
            {
                if (r != root)
                {
                    _world.Post(root, r, InProcessWorld.BroadcastTag, values);
                }
            }
        }
        else
        {
            _world.Take(root, Rank, InProcessWorld.BroadcastTag, values);
        }
    }

    /// <inheritdoc/>
    public void Barrier() => AllreduceSum([0.0]);

    /// <inheritdoc/>
    public void Abort(int exitCode)
    {
        _world.Abort();
        throw new CommunicatorAbortedException($"rank {Rank} aborted the job with code {exitCode}");
    }

    // Gather to rank 0 in rank order, combine, and send the result back: deterministic.
    private void Reduce(double[] values, Func<double, double, double> op)
    {
        if (Rank == 0)
        {
            var incoming = new double[values.Length];
            for (int r = 1; r < Size; r++)
            {
                _world.Take(r, 0, InProcessWorld.ReduceTag, incoming);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = op(values[i], incoming[i]);
                }
            }

            for (int r = 1; r < Size; r++)
            {
                _world.Post(0, r, InProcessWorld.ReduceResultTag, values);
            }
        }
        else
        {
            _world.Post(Rank, 0, InProcessWorld.ReduceTag, values);
            _world.Take(0, Rank, InProcessWorld.ReduceResultTag, values);
        }
    }

    private sealed class CompletedRequest : ICommRequest
    {
        public static readonly CompletedRequest Instance = new();

        public void Wait() { }

        public bool Test() => true;
    }

    private sealed class PendingReceive(
        InProcessWorld world, int source, int destination, int tag, double[] buffer) : ICommRequest
    {
        private bool _done;

        public void Wait()
        {
            if (!_done)
            {
                world.Take(source, destination, tag, buffer);
                _done = true;
            }
        }

        public bool Test()
        {
            if (!_done)
            {
                _done = world.TryTake(source, destination, tag, buffer);
            }

            return _done;
        }
    }
}
