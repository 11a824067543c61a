namespace LayerParallel.Training.Optimizers;

/// <summary>Creates the optimizer a configuration names.</summary>
public static class OptimizerFactory
{
    /// <summary>SGD with <paramref name="momentum"/>, or Adam with its default β₁, β₂, ε.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An unknown kind or a bad value.</exception>
    public static IOptimizer Create(OptimizerKind kind, double learningRate, double momentum) =>
        kind switch
        {
            OptimizerKind.Sgd => new SgdMomentum(learningRate, momentum),
            OptimizerKind.Adam => new Adam(learningRate),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown optimizer"),
        };
}
