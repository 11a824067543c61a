using LayerParallel.Mgrit;

namespace LayerParallel.Parallel;

/// <summary>How the MGRIT solves of one gradient evaluation went.</summary>
/// <param name="ForwardIterations">Forward MGRIT iterations.</param>
/// <param name="ForwardResidual">Last forward residual norm (null when not measured).</param>
/// <param name="ForwardStatus">Forward solver status.</param>
/// <param name="AdjointIterations">Adjoint MGRIT iterations (0 without a gradient).</param>
/// <param name="AdjointResidual">Last adjoint residual norm (null when not measured).</param>
/// <param name="AdjointStatus">Adjoint solver status (null without a gradient).</param>
public sealed record SolveStatistics(
    int ForwardIterations, double? ForwardResidual, MgritStatus ForwardStatus,
    int AdjointIterations, double? AdjointResidual, MgritStatus? AdjointStatus);
