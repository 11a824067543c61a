using LayerParallel.Training.Optimizers;

namespace LayerParallel.Training;

/// <summary>The schedule of a <see cref="Trainer"/> run.</summary>
/// <param name="Epochs">Epochs per level, ≥ 1.</param>
/// <param name="BatchSize">Samples per minibatch, ≥ 1; an epoch's last batch may be smaller.</param>
/// <param name="Seed">Seed of the shuffling; the same seed gives the same batches.</param>
/// <param name="Levels">Levels of cascadic multilevel training, ≥ 1; after every level but the
/// last the backend refines to twice the layers
/// (<see cref="Backends.IGradientBackend.Refine"/>).</param>
/// <param name="Schedule">Learning-rate schedule within each level, relative to the
/// optimizer's learning rate when training starts.</param>
public sealed record TrainerOptions(
    int Epochs,
    int BatchSize,
    long Seed,
    int Levels = 1,
    LearningRateSchedule Schedule = LearningRateSchedule.Constant)
{
    /// <summary>The learning rate of epoch <paramref name="epoch"/> (0-based within its
    /// level) for the initial rate <paramref name="initial"/>.</summary>
    public double LearningRate(double initial, int epoch) => Schedule switch
    {
        LearningRateSchedule.Cosine => initial * 0.5 * (1.0 + Math.Cos(Math.PI * epoch / Epochs)),
        _ => initial,
    };
}
