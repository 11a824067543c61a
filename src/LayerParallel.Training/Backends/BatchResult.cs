namespace LayerParallel.Training.Backends;

/// <summary>
/// The outcome of one minibatch at the current parameters, identical on every rank.
/// </summary>
/// <param name="Loss">Mean cross-entropy over the batch, (1/b) Σ_k −log p_k(c_k), without the
/// regularization.</param>
/// <param name="Regularization">Value of the regularization terms (weight decay, smoothness)
/// that the gradient includes; 0 for an evaluation.</param>
/// <param name="Correct">Samples whose largest class probability is their label.</param>
/// <param name="Count">Samples in the batch, b.</param>
/// <param name="Solver">Solver statistics of an iterative backend, or null.</param>
public readonly record struct BatchResult(
    double Loss, double Regularization, int Correct, int Count, SolverStatistics? Solver)
{
    /// <summary>The objective the optimizer minimizes: <see cref="Loss"/> plus
    /// <see cref="Regularization"/>.</summary>
    public double Objective => Loss + Regularization;
}
