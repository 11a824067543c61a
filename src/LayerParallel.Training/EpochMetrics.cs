using LayerParallel.Training.Backends;

namespace LayerParallel.Training;

/// <summary>What one epoch of training measured (one row of <c>metrics.csv</c>).</summary>
/// <param name="Epoch">Epoch number, counted from 1 across all levels.</param>
/// <param name="Level">Multilevel level, from 0.</param>
/// <param name="Layers">Residual layers N trained in this epoch.</param>
/// <param name="LearningRate">The optimizer's learning rate during this epoch.</param>
/// <param name="Loss">Mean cross-entropy of the epoch's minibatches, each at the parameters
/// before its step, weighted by batch size (the running training loss, as PyTorch loops
/// report it); regularization excluded.</param>
/// <param name="Regularization">Mean regularization value over the epoch's minibatches.</param>
/// <param name="TrainAccuracy">Share of training samples classified correctly, counted on the
/// fly during the epoch like <paramref name="Loss"/>.</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation set after the epoch.</param>
/// <param name="ValidationAccuracy">Share of validation samples classified correctly after the
/// epoch.</param>
/// <param name="EpochSeconds">Wall time of this epoch, validation included.</param>
/// <param name="WallSeconds">Wall time since training started.</param>
/// <param name="Solver">Mean iterations and largest final residuals of an iterative backend
/// over the epoch's gradient evaluations, or null.</param>
public sealed record EpochMetrics(
    int Epoch,
    int Level,
    int Layers,
    double LearningRate,
    double Loss,
    double Regularization,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double EpochSeconds,
    double WallSeconds,
    EpochSolverStatistics? Solver);
