namespace LayerParallel.Networks;

/// <summary>Outcome of a pass over one batch.</summary>
/// <param name="Loss">Mean softmax cross-entropy over the batch.</param>
/// <param name="Regularization">Value of the regularizer (0 when none was applied).</param>
/// <param name="Correct">Samples whose largest logit is their label.</param>
/// <param name="Count">Samples in the batch.</param>
public readonly record struct LossResult(double Loss, double Regularization, int Correct, int Count)
{
    /// <summary>Loss + Regularization: the objective the gradient belongs to.</summary>
    public double Objective => Loss + Regularization;

    /// <summary>Correct / Count (0 for an empty batch).</summary>
    public double Accuracy => Count == 0 ? 0.0 : (double)Correct / Count;
}
