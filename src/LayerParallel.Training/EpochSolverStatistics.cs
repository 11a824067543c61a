namespace LayerParallel.Training;

/// <summary>Solver statistics of an iterative backend summarized over one epoch.</summary>
/// <param name="MeanForwardIterations">Mean forward MGRIT iterations per minibatch.</param>
/// <param name="MaxForwardResidual">Largest final forward residual norm of the epoch.</param>
/// <param name="MeanAdjointIterations">Mean adjoint MGRIT iterations per minibatch.</param>
/// <param name="MaxAdjointResidual">Largest final adjoint residual norm of the epoch.</param>
public sealed record EpochSolverStatistics(
    double MeanForwardIterations,
    double MaxForwardResidual,
    double MeanAdjointIterations,
    double MaxAdjointResidual);
