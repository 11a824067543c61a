namespace LayerParallel.Training.Optimizers;

/// <summary>
/// Minibatch stochastic gradient descent with heavy-ball momentum, in PyTorch's convention
/// (no dampening, not Nesterov).
/// </summary>
/// <remarks>
/// With momentum μ and step η, per block: v ← μ v + g (v = 0 before the first step, so the
/// first step is plain SGD), then θ ← θ − η v. With μ = 0 this is plain SGD.
/// </remarks>
public sealed class SgdMomentum : IOptimizer
{
    private readonly OptimizerState _state = new(buffersPerBlock: 1);

    /// <summary>An optimizer with step <paramref name="learningRate"/> and
    /// <paramref name="momentum"/> μ ∈ [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">η ≤ 0 or μ outside [0, 1).</exception>
    public SgdMomentum(double learningRate, double momentum = 0.9)
    {
        if (!(learningRate > 0.0) || !double.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), "must be positive");
        }

        if (!(momentum >= 0.0 && momentum < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), "must be in [0, 1)");
        }

        LearningRate = learningRate;
        Momentum = momentum;
    }

    /// <inheritdoc />
    public double LearningRate { get; set; }

    /// <summary>The momentum factor μ.</summary>
    public double Momentum { get; }

    /// <inheritdoc />
    public int StepCount { get; private set; }

    /// <inheritdoc />
    public void Step(IReadOnlyList<double[]> parameters, IReadOnlyList<double[]> gradients)
    {
        _state.Prepare(parameters, gradients);
        double mu = Momentum;
        double eta = LearningRate;
        for (int b = 0; b < parameters.Count; b++)
        {
            var theta = parameters[b];
            var g = gradients[b];
            var v = _state.Get(0, b);
            for (int i = 0; i < theta.Length; i++)
            {
                // v ← μ v + g;  θ ← θ − η v
                v[i] = (mu * v[i]) + g[i];
                theta[i] -= eta * v[i];
            }
        }

        StepCount++;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _state.Clear();
        StepCount = 0;
    }
}
