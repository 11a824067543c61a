using LayerParallel.Networks;

namespace LayerParallel.Training.Backends;

/// <summary>
/// Computes the loss, the number of correct predictions and the gradient of a minibatch at the
/// current parameters, and evaluates without a gradient. The trainer and the optimizers see
/// only this interface, not how propagation is done (serial backprop or layer-parallel MGRIT).
/// </summary>
/// <remarks>
/// <para>Layout: <c>features</c> is <see cref="NetworkConfig.Features"/> × b row-major (one
/// column per sample, element (r, k) at r·b + k) with b = <c>labels.Length</c> ≤
/// <see cref="MaxBatch"/>; the spans may be longer buffers sliced to the batch.</para>
/// <para>Ownership: <see cref="Parameters"/> are the blocks this rank holds and updates (the
/// whole network for the serial backend; for a layer-parallel backend the θ_j of this rank's
/// layers, plus the opening layer and classifier where it keeps them). The optimizer updates
/// them in place, then the trainer calls <see cref="ParametersUpdated"/> so that a distributed
/// backend can refresh the copies other ranks keep.</para>
/// <para>Every method is collective for a distributed backend: all ranks call it with the same
/// batch, and the returned loss and counts are reduced to all ranks.</para>
/// </remarks>
public interface IGradientBackend : IDisposable
{
    /// <summary>Which backend this is.</summary>
    BackendKind Kind { get; }

    /// <summary>The network as it is now (<see cref="NetworkConfig.Layers"/> grows with
    /// <see cref="Refine"/>).</summary>
    NetworkConfig Network { get; }

    /// <summary>Largest batch the backend accepts.</summary>
    int MaxBatch { get; }

    /// <summary>Parameter blocks this rank holds; updated in place by the optimizer.</summary>
    IReadOnlyList<double[]> Parameters { get; }

    /// <summary>Gradient blocks matching <see cref="Parameters"/>, written by
    /// <see cref="ComputeGradient"/>.</summary>
    IReadOnlyList<double[]> Gradients { get; }

    /// <summary>
    /// Loss and correct count of the batch, and the gradient of loss + regularization with
    /// respect to <see cref="Parameters"/> into <see cref="Gradients"/> (overwritten).
    /// Collective.
    /// </summary>
    BatchResult ComputeGradient(ReadOnlySpan<double> features, ReadOnlySpan<int> labels);

    /// <summary>Loss and correct count of the batch only (no gradient, no regularization).
    /// Collective.</summary>
    BatchResult Evaluate(ReadOnlySpan<double> features, ReadOnlySpan<int> labels);

    /// <summary>Tells the backend that the optimizer has changed <see cref="Parameters"/>.
    /// Collective.</summary>
    void ParametersUpdated();

    /// <summary>
    /// Makes every rank use the minibatch order of rank 0, the coordinator (it overwrites
    /// <paramref name="order"/> on the other ranks). Nothing to do for a one-process backend.
    /// Collective.
    /// </summary>
    void ShareBatchOrder(int[] order)
    {
    }

    /// <summary>
    /// Multilevel refinement: continues with 2N layers at step h/2, θ prolongated from the
    /// current N layers, opening layer and classifier kept. <see cref="Parameters"/> and
    /// <see cref="Gradients"/> are new lists afterwards. Collective.
    /// </summary>
    void Refine();
}
