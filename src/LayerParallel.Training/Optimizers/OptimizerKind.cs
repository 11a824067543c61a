namespace LayerParallel.Training.Optimizers;

/// <summary>Which optimizer the trainer uses.</summary>
public enum OptimizerKind
{
    /// <summary>Minibatch SGD with momentum (<see cref="SgdMomentum"/>).</summary>
    Sgd,

    /// <summary>Adam with bias correction (<see cref="Adam"/>).</summary>
    Adam,
}
