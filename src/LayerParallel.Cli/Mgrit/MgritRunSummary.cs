using LayerParallel.Mgrit;

namespace LayerParallel.Cli.Mgrit;

/// <summary>What a <c>layerparallel mgrit</c> run produced, as rank 0 writes it out.</summary>
/// <param name="Result">Rank 0's solver result (history and status are equal on every rank).
/// </param>
/// <param name="Ranks">Number of ranks.</param>
/// <param name="WallSeconds">
/// The longest time over the ranks from the solver's setup (hierarchy, states, initial guess)
/// to the end of the final access, as XBraid's wall time of <c>braid_Drive</c> counts them.
/// </param>
/// <param name="SolveSeconds">The longest <see cref="MgritResult.WallTime"/> over the ranks.
/// </param>
/// <param name="StoppingTolerance">The tolerance the solver compared with.</param>
/// <param name="Divergence">Why the solve diverged, or null.</param>
/// <param name="TimesByRank">Each rank's per-level times.</param>
/// <param name="FinalState">u_N, or null after divergence.</param>
/// <param name="Solution">Checks of u_N against closed forms (name → value).</param>
public sealed record MgritRunSummary(
    MgritResult Result,
    int Ranks,
    double WallSeconds,
    double SolveSeconds,
    double StoppingTolerance,
    string? Divergence,
    IReadOnlyList<IReadOnlyList<MgritLevelTimes>> TimesByRank,
    double[]? FinalState,
    IReadOnlyList<(string Name, double Value)> Solution);
