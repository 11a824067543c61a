namespace LayerParallel.Mgrit;

/// <summary>
/// Where one rank spent its time on one level during a <see cref="MgritSolver{TVector}.Solve"/>
/// (wall-clock seconds; the phases include the steps and waits made inside them).
/// </summary>
/// <param name="Level">Level ℓ, 0 = finest.</param>
/// <param name="Steps">Calls of <see cref="IMgritProblem{TVector}.Step"/> on this level.</param>
/// <param name="StepSeconds">
/// Time inside those calls; null unless <see cref="MgritOptions.TimeSteps"/> is set.
/// </param>
/// <param name="RelaxSeconds">FC-relaxation sweeps on this level.</param>
/// <param name="RestrictSeconds">
/// F-relaxation, FAS residual and injection from this level to level ℓ+1, including the
/// coarse-operator steps Φ_c(v) on level ℓ+1 (counted in that level's <see cref="Steps"/>) and,
/// on level 0, the residual-norm reduction.
/// </param>
/// <param name="InterpolateSeconds">
/// F-relaxation on this level and correction of level ℓ−1; on the coarsest level this is the
/// sequential solve.
/// </param>
/// <param name="WaitSeconds">Blocked on this level's boundary messages (both directions).</param>
/// <param name="ReductionSeconds">
/// Combining the C-point residual norms over the ranks (level 0 only, else 0).
/// </param>
public sealed record MgritLevelTimes(
    int Level,
    long Steps,
    double? StepSeconds,
    double RelaxSeconds,
    double RestrictSeconds,
    double InterpolateSeconds,
    double WaitSeconds,
    double ReductionSeconds);
