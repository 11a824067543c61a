using LayerParallel.Networks.Parameters;

namespace LayerParallel.Networks;

/// <summary>
/// Weight decay α/2·‖·‖² on every parameter block (weights and biases of the opening layer,
/// the residual layers and the classifier) and smoothness across layers
/// β/(2h)·Σ_j ‖θ_{j+1} − θ_j‖², a discretization of β/2·∫‖∂_t θ‖² dt.
/// </summary>
/// <remarks>
/// The per-block <see cref="Decay"/> and per-pair <see cref="Pair"/> functions let a
/// layer-parallel caller evaluate exactly its own share (for instance its own blocks and the
/// pairs (j, j+1) whose θ_{j+1} it owns, with θ_j from its halo); <see cref="Evaluate"/> sums
/// all of them for a serial network. Gradients are added, never overwritten.
/// </remarks>
public sealed class Regularization
{
    /// <summary>Weight decay α and smoothness β, both finite and ≥ 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">α or β negative or not finite.</exception>
    public Regularization(double weightDecay, double smoothness)
    {
        if (!(weightDecay >= 0) || double.IsInfinity(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "need α ≥ 0");
        }

        if (!(smoothness >= 0) || double.IsInfinity(smoothness))
        {
            throw new ArgumentOutOfRangeException(nameof(smoothness), smoothness, "need β ≥ 0");
        }

        WeightDecay = weightDecay;
        Smoothness = smoothness;
    }

    /// <summary>No regularization (α = β = 0).</summary>
    public static Regularization None { get; } = new(0.0, 0.0);

    /// <summary>α.</summary>
    public double WeightDecay { get; }

    /// <summary>β.</summary>
    public double Smoothness { get; }

    /// <summary>Returns α/2·‖x‖²; gradient += α·x unless it is empty.</summary>
    public double Decay(ReadOnlySpan<double> values, Span<double> gradient)
    {
        if (WeightDecay == 0.0)
        {
            return 0.0;
        }

        double sum = 0;
        bool withGradient = !gradient.IsEmpty;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i] * values[i];
            if (withGradient)
            {
                gradient[i] += WeightDecay * values[i];
            }
        }

        return 0.5 * WeightDecay * sum;
    }

    /// <summary>
    /// Returns β/(2h)·‖θ_{j+1} − θ_j‖²; unless empty, gradNext += β/h·(θ_{j+1} − θ_j) and
    /// gradTheta −= β/h·(θ_{j+1} − θ_j).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">h not positive.</exception>
    public double Pair(ReadOnlySpan<double> theta, ReadOnlySpan<double> thetaNext, double h,
        Span<double> gradTheta, Span<double> gradNext)
    {
        if (!(h > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(h), h, "the step must be positive");
        }

        if (Smoothness == 0.0)
        {
            return 0.0;
        }

        double c = Smoothness / h;
        double sum = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            double d = thetaNext[i] - theta[i];
            sum += d * d;
            if (!gradNext.IsEmpty)
            {
                gradNext[i] += c * d;
            }

            if (!gradTheta.IsEmpty)
            {
                gradTheta[i] -= c * d;
            }
        }

        return 0.5 * c * sum;
    }

    /// <summary>
    /// The whole regularizer of <paramref name="parameters"/>: decay of every held block plus
    /// smoothness of every pair (j, j+1) with both layers held; adds the gradient to
    /// <paramref name="gradient"/> unless it is null. No allocation.
    /// </summary>
    public double Evaluate(NetworkParameters parameters, double h, NetworkParameters? gradient)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var p = parameters;
        var g = gradient;
        double value = Decay(p.OpeningWeights, g is null ? default : g.OpeningWeights)
            + Decay(p.OpeningBias, g is null ? default : g.OpeningBias)
            + Decay(p.ClassifierWeights, g is null ? default : g.ClassifierWeights)
            + Decay(p.ClassifierBias, g is null ? default : g.ClassifierBias);
        for (int j = 0; j < p.LayerCount; j++)
        {
            if (p.Layers[j] is not { } theta)
            {
                continue;
            }

            value += Decay(theta, g is null ? default : g.Layer(j));
            if (j + 1 < p.LayerCount && p.Layers[j + 1] is { } next)
            {
                value += Pair(theta, next, h, g is null ? default : g.Layer(j),
                    g is null ? default : g.Layer(j + 1));
            }
        }

        return value;
    }
}
