namespace LayerParallel.Training.Optimizers;

/// <summary>
/// Adam with bias correction (Kingma and Ba, 2015, Algorithm 1), the same update as PyTorch's
/// <c>torch.optim.Adam</c> without weight decay.
/// </summary>
/// <remarks>
/// At step t = 1, 2, … per entry: m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²;
/// m̂ = m / (1 − β₁ᵗ); v̂ = v / (1 − β₂ᵗ); θ ← θ − η m̂ / (√v̂ + ε).
/// </remarks>
public sealed class Adam : IOptimizer
{
    private readonly OptimizerState _state = new(buffersPerBlock: 2);

    /// <summary>An Adam optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">η ≤ 0, a β outside [0, 1), or ε ≤ 0.</exception>
    public Adam(double learningRate, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8)
    {
        if (!(learningRate > 0.0) || !double.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), "must be positive");
        }

        if (!(beta1 >= 0.0 && beta1 < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), "must be in [0, 1)");
        }

        if (!(beta2 >= 0.0 && beta2 < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), "must be in [0, 1)");
        }

        if (!(epsilon > 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), "must be positive");
        }

        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <inheritdoc />
    public double LearningRate { get; set; }

    /// <summary>Decay β₁ of the first-moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>Decay β₂ of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>ε added to √v̂ in the denominator.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public int StepCount { get; private set; }

    /// <inheritdoc />
    public void Step(IReadOnlyList<double[]> parameters, IReadOnlyList<double[]> gradients)
    {
        _state.Prepare(parameters, gradients);
        int t = StepCount + 1;
        double b1 = Beta1;
        double b2 = Beta2;
        double correction1 = 1.0 - Math.Pow(b1, t);
        double correction2 = 1.0 - Math.Pow(b2, t);
        double eta = LearningRate;
        for (int b = 0; b < parameters.Count; b++)
        {
            var theta = parameters[b];
            var g = gradients[b];
            var m = _state.Get(0, b);
            var v = _state.Get(1, b);
            for (int i = 0; i < theta.Length; i++)
            {
                // m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²
                m[i] = (b1 * m[i]) + ((1.0 - b1) * g[i]);
                v[i] = (b2 * v[i]) + ((1.0 - b2) * g[i] * g[i]);

                // θ ← θ − η m̂ / (√v̂ + ε)
                double mHat = m[i] / correction1;
                double vHat = v[i] / correction2;
                theta[i] -= eta * mHat / (Math.Sqrt(vHat) + Epsilon);
            }
        }

        StepCount = t;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        StepCount = 0;
    }
}
