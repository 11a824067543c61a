namespace LayerParallel.Training.Optimizers;

/// <summary>How the learning rate changes from epoch to epoch within a level.</summary>
public enum LearningRateSchedule
{
    /// <summary>η stays at its initial value.</summary>
    Constant,

    /// <summary>
    /// Cosine annealing per level, set at the start of each epoch:
    /// η_e = η₀ · ½(1 + cos(π e / E)) for epoch e = 0 … E−1 of the level's E epochs (like
    /// PyTorch's <c>CosineAnnealingLR</c> with η_min = 0, stepped per epoch). Each multilevel
    /// level starts again at η₀.
    /// </summary>
    Cosine,
}
