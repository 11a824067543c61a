namespace LayerParallel.Training.Optimizers;

/// <summary>
/// A first-order optimizer over a list of parameter blocks θ_b (each a <c>double[]</c>) with
/// gradient blocks g_b of the same lengths. It updates θ in place and keeps per-block state
/// (momentum, moments) sized on the first step.
/// </summary>
/// <remarks>
/// Optimizers know nothing of networks or of how gradients were computed (serial backprop or
/// layer-parallel MGRIT): each rank updates just the blocks it holds. The list of blocks must
/// keep its shape from step to step; after it changes (multilevel refinement) call
/// <see cref="Reset"/>.
/// </remarks>
public interface IOptimizer
{
    /// <summary>Step size η; may be changed between steps (schedules).</summary>
    double LearningRate { get; set; }

    /// <summary>Number of steps taken since construction or the last <see cref="Reset"/>.</summary>
    int StepCount { get; }

    /// <summary>One update of every block of <paramref name="parameters"/> from the matching
    /// block of <paramref name="gradients"/>. Allocates only on the first step.</summary>
    /// <exception cref="ArgumentException">The block lists disagree with each other or with the
    /// shape of the previous steps.</exception>
    void Step(IReadOnlyList<double[]> parameters, IReadOnlyList<double[]> gradients);

    /// <summary>Forgets all state, as if new (the learning rate is kept).</summary>
    void Reset();
}
