namespace LayerParallel.Mgrit;

/// <summary>
/// The outcome of <see cref="MgritSolver{TVector}.Solve"/>; equal on every rank except the timing
/// and step count.
/// </summary>
/// <param name="Status">How the solve ended.</param>
/// <param name="Iterations">Number of MGRIT iterations made (XBraid niter).</param>
/// <param name="ResidualNorms">
/// ‖r_k‖ for k = 0..Iterations−1, computed on the finest level after the relaxation of
/// iteration k and before its coarse-grid correction; null where none was computed
/// (iteration 0 when the first down-cycle is skipped).
/// </param>
/// <param name="FinalResidualNorm">
/// The last computed ‖r‖ (XBraid's reported residual norm), null when no iteration ran.
/// </param>
/// <param name="Levels">Number of levels in the hierarchy.</param>
/// <param name="WallTime">Time this rank spent in the solve.</param>
/// <param name="LocalSteps">Calls of <see cref="IMgritProblem{TVector}.Step"/> on this rank, all
/// levels.</param>
public sealed record MgritResult(
    MgritStatus Status,
    int Iterations,
    IReadOnlyList<double?> ResidualNorms,
    double? FinalResidualNorm,
    int Levels,
    TimeSpan WallTime,
    long LocalSteps)
{
    /// <summary>
    /// Why the solve diverged (NaN or infinite norm, or growth beyond
    /// <see cref="MgritOptions.DivergenceFactor"/>), or null.
    /// </summary>
    public string? DivergenceReason { get; init; }

    /// <summary>This rank's time per level, finest first.</summary>
    public IReadOnlyList<MgritLevelTimes> LevelTimes { get; init; } = [];
}
