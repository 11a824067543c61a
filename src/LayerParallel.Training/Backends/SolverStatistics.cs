namespace LayerParallel.Training.Backends;

/// <summary>
/// What an iterative (MGRIT) backend reports about one gradient evaluation: iterations and final
/// residual norms of the forward (state) and adjoint solves. A direct backend reports none.
/// </summary>
/// <param name="ForwardIterations">MGRIT iterations of the forward propagation.</param>
/// <param name="ForwardResidual">Final residual norm of the forward propagation.</param>
/// <param name="AdjointIterations">MGRIT iterations of the adjoint (backward) propagation; 0
/// for an evaluation without gradient.</param>
/// <param name="AdjointResidual">Final residual norm of the adjoint propagation.</param>
public readonly record struct SolverStatistics(
    int ForwardIterations, double ForwardResidual, int AdjointIterations, double AdjointResidual);
