using LayerParallel.Training.Backends;

namespace LayerParallel.Training;

/// <summary>Running sums of one epoch's minibatch results.</summary>
internal sealed class EpochSums
{
    private int _batches;
    private int _solved;
    private double _forwardIterations;
    private double _adjointIterations;
    private double _maxForwardResidual;
    private double _maxAdjointResidual;

    /// <summary>Σ b·loss over batches.</summary>
    public double Loss { get; private set; }

    /// <summary>Σ b·regularization over batches.</summary>
    public double Regularization { get; private set; }

    /// <summary>Correct predictions.</summary>
    public long Correct { get; private set; }

    /// <summary>Samples seen.</summary>
    public long Count { get; private set; }

    public void Add(BatchResult r)
    {
        _batches++;
        Loss += r.Loss * r.Count;
        Regularization += r.Regularization * r.Count;
        Correct += r.Correct;
        Count += r.Count;
        if (r.Solver is { } s)
        {
            _solved++;
            _forwardIterations += s.ForwardIterations;
            _adjointIterations += s.AdjointIterations;
            _maxForwardResidual = Math.Max(_maxForwardResidual, s.ForwardResidual);
            _maxAdjointResidual = Math.Max(_maxAdjointResidual, s.AdjointResidual);
        }
    }

    /// <summary>The epoch's solver summary, or null when no batch reported one.</summary>
    public EpochSolverStatistics? Solver() => _solved == 0
        ? null
        : new EpochSolverStatistics(_forwardIterations / _solved, _maxForwardResidual,
            _adjointIterations / _solved, _maxAdjointResidual);
}
