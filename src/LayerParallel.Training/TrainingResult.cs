namespace LayerParallel.Training;

/// <summary>The outcome of a <see cref="Trainer"/> run.</summary>
/// <param name="Epochs">Per-epoch metrics, in order.</param>
/// <param name="TrainLoss">Mean cross-entropy on the whole training set at the final
/// parameters.</param>
/// <param name="TrainAccuracy">Accuracy on the whole training set at the final parameters.</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation set at the final
/// parameters.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation set at the final parameters.</param>
/// <param name="Layers">Residual layers of the final network.</param>
/// <param name="WallSeconds">Wall time of the whole run, final evaluation included.</param>
public sealed record TrainingResult(
    IReadOnlyList<EpochMetrics> Epochs,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    int Layers,
    double WallSeconds);
