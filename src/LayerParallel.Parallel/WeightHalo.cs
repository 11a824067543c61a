using LayerParallel.Core.Communication;

namespace LayerParallel.Parallel;

/// <summary>
/// Copies of the remote layer weights θ_i a rank needs: the start index of every step it
/// computes on any level (a step on a level of fine stride s runs from q·s to (q+1)·s and is
/// computed by the owner of its end point), and the neighbours θ_{lo−1}, θ_{hi+1} for the
/// smoothness regularizer.
/// </summary>
/// <remarks>
/// Every rank derives every other rank's needs from the shared partition, so the exchange is a
/// fixed schedule of messages with no request round. Buffers are allocated once.
/// </remarks>
public sealed class WeightHalo
{
    private static readonly MessageTag Tag = MessageTag.For(MessageKind.Weights);

    private readonly ICommunicator _comm;
    private readonly SortedDictionary<int, double[]> _copies = [];
    private readonly List<(int Layer, int Destination)> _sends = [];
    private readonly Func<int, int> _ownerOf;

    /// <summary>Plans the halo of this rank. Collective in the sense that all ranks must plan alike.</summary>
    /// <param name="comm">The communicator whose ranks own the layers.</param>
    /// <param name="layers">Number of layers N (points 0..N).</param>
    /// <param name="parameterCount">Doubles in one θ_j.</param>
    /// <param name="strides">Fine-index stride of each MGRIT level (1 on the finest).</param>
    /// <param name="ownerOf">Owner rank of fine point i (θ_i lives there).</param>
    public WeightHalo(
        ICommunicator comm, int layers, int parameterCount, IReadOnlyList<int> strides,
        Func<int, int> ownerOf)
    {
        _comm = comm;
        _ownerOf = ownerOf;
        for (int rank = 0; rank < comm.Size; rank++)
        {
            foreach (int layer in Needs(rank, layers, strides, ownerOf))
            {
                if (rank == comm.Rank)
                {
                    _copies[layer] = new double[parameterCount];
                }

                if (ownerOf(layer) == comm.Rank)
                {
                    _sends.Add((layer, rank));
                }
            }
        }
    }

    /// <summary>The layer indices this rank keeps copies of, ascending.</summary>
    public IReadOnlyCollection<int> Layers => _copies.Keys;

    /// <summary>The copy of θ_<paramref name="layer"/>, or null if this rank keeps none.</summary>
    public double[]? Get(int layer) => _copies.GetValueOrDefault(layer);

    /// <summary>
    /// Refreshes every copy from its owner. Collective: call on all ranks after the weights
    /// changed.
    /// </summary>
    /// <param name="ownedLayer">θ_j for a layer j this rank owns.</param>
    public void Exchange(Func<int, double[]> ownedLayer)
    {
        var pending = new ICommRequest[_sends.Count];
        for (int s = 0; s < _sends.Count; s++)
        {
            pending[s] = _comm.ImmediateSend(ownedLayer(_sends[s].Layer), _sends[s].Destination, Tag);
        }

        // Messages of one (source, tag) arrive in posting order: both sides walk layers ascending.
        foreach (var (layer, copy) in _copies)
        {
            _comm.Receive(copy, _ownerOf(layer), Tag);
        }

        foreach (var request in pending)
        {
            request.Wait();
        }
    }

    /// <summary>The layers rank <paramref name="rank"/> needs but does not own, ascending.</summary>
    public static SortedSet<int> Needs(
        int rank, int layers, IReadOnlyList<int> strides, Func<int, int> ownerOf)
    {
        var needs = new SortedSet<int>();
        int lo = -1, hi = -2;
        for (int i = 0; i <= layers; i++)
        {
            if (ownerOf(i) == rank)
            {
                if (lo < 0)
                {
                    lo = i;
                }

                hi = i;
            }
        }

        if (lo < 0)
        {
            return needs;
        }

        void Add(int layer)
        {
            if (layer >= 0 && layer < layers && ownerOf(layer) != rank)
            {
                needs.Add(layer);
            }
        }

        // Steps ending on this rank on a level of stride s start at the previous multiple of s.
        foreach (long stride in strides)
        {
            for (long end = ((lo + stride - 1) / stride) * stride; end <= hi; end += stride)
            {
                if (end >= stride)
                {
                    Add((int)(end - stride));
                }
            }
        }

        // Smoothness couples θ_j with θ_{j±1}.
        Add(lo - 1);
        Add(hi + 1);
        return needs;
    }
}
