using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace LayerParallel.Networks.Parameters;

/// <summary>
/// All trainable arrays of a network: opening layer K₀ (w × features) and b₀ (w), one flat θ_j
/// per residual layer j = 0..N−1, classifier W (classes × w) and μ (classes). Gradients use the
/// same type. All matrices are row-major.
/// </summary>
/// <remarks>
/// An entry of <see cref="Layers"/> may be null on a rank that does not hold that layer; every
/// operation skips null layers (binary operations require the same null pattern). In every
/// layer layout the last w doubles of θ_j are the bias (see the layer functions).
/// </remarks>
public sealed class NetworkParameters
{
    /// <summary>Zero parameters shaped for <paramref name="config"/>; layers allocated unless
    /// <paramref name="allocateLayers"/> is false.</summary>
    /// <exception cref="Core.InputException">The configuration is not valid.</exception>
    public NetworkParameters(NetworkConfig config, bool allocateLayers = true)
        : this(config.Width, config.Features, config.Classes, config.Layers,
            LayerStepperFactory.LayerParameterCount(config), allocateLayers)
    {
    }

    /// <summary>Zero parameters of the given shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1 (classes below 2).</exception>
    public NetworkParameters(int width, int features, int classes, int layerCount,
        int layerParameterCount, bool allocateLayers = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(layerCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(layerParameterCount, width);
        Width = width;
        Features = features;
        Classes = classes;
        LayerParameterCount = layerParameterCount;
        OpeningWeights = new double[width * features];
        OpeningBias = new double[width];
        Layers = new double[]?[layerCount];
        ClassifierWeights = new double[classes * width];
        ClassifierBias = new double[classes];
        if (allocateLayers)
        {
            for (int j = 0; j < layerCount; j++)
            {
                Layers[j] = new double[layerParameterCount];
            }
        }
    }

    /// <summary>Width w.</summary>
    public int Width { get; }

    /// <summary>Input features (columns of K₀).</summary>
    public int Features { get; }

    /// <summary>Classes (rows of W).</summary>
    public int Classes { get; }

    /// <summary>Number of residual layers N.</summary>
    public int LayerCount => Layers.Length;

    /// <summary>Doubles in one θ_j.</summary>
    public int LayerParameterCount { get; }

    /// <summary>K₀, w × features.</summary>
    public double[] OpeningWeights { get; }

    /// <summary>b₀, w.</summary>
    public double[] OpeningBias { get; }

    /// <summary>θ_j, j = 0..N−1; null where this instance does not hold the layer.</summary>
    public double[]?[] Layers { get; }

    /// <summary>W, classes × w.</summary>
    public double[] ClassifierWeights { get; }

    /// <summary>μ, classes.</summary>
    public double[] ClassifierBias { get; }

    /// <summary>θ_j, which must be held.</summary>
    /// <exception cref="InvalidOperationException">Layer j is null here.</exception>
    public double[] Layer(int j) =>
        Layers[j] ?? throw new InvalidOperationException($"layer {j} is not held here");

    /// <summary>Allocates θ_j (zeros) if it is null; returns it.</summary>
    public double[] AllocateLayer(int j) => Layers[j] ??= new double[LayerParameterCount];

    /// <summary>The held blocks in a fixed order: K₀, b₀, θ_0..θ_{N−1} (non-null), W, μ.</summary>
    public IEnumerable<ParameterBlock> Blocks()
    {
        yield return new ParameterBlock(ParameterBlockKind.OpeningWeights, -1, OpeningWeights);
        yield return new ParameterBlock(ParameterBlockKind.OpeningBias, -1, OpeningBias);
        for (int j = 0; j < Layers.Length; j++)
        {
            if (Layers[j] is { } theta)
            {
                yield return new ParameterBlock(ParameterBlockKind.Layer, j, theta);
            }
        }

        yield return new ParameterBlock(ParameterBlockKind.ClassifierWeights, -1, ClassifierWeights);
        yield return new ParameterBlock(ParameterBlockKind.ClassifierBias, -1, ClassifierBias);
    }

    /// <summary>Sets every held value to 0 (no allocation).</summary>
    public void Clear()
    {
        Array.Clear(OpeningWeights);
        Array.Clear(OpeningBias);
        foreach (var theta in Layers)
        {
            if (theta is not null)
            {
                Array.Clear(theta);
            }
        }

        Array.Clear(ClassifierWeights);
        Array.Clear(ClassifierBias);
    }

    /// <summary>A deep copy with the same null pattern.</summary>
    public NetworkParameters Clone()
    {
        var copy = ZerosLike();
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>Zeros of the same shape and null pattern (e.g. for a gradient).</summary>
    public NetworkParameters ZerosLike()
    {
        var zeros = new NetworkParameters(Width, Features, Classes, LayerCount,
            LayerParameterCount, false);
        for (int j = 0; j < Layers.Length; j++)
        {
            if (Layers[j] is not null)
            {
                zeros.AllocateLayer(j);
            }
        }

        return zeros;
    }

    /// <summary>this ← source (same shape and null pattern).</summary>
    /// <exception cref="ArgumentException">Shapes or null patterns differ.</exception>
    public void CopyFrom(NetworkParameters source) => Combine(source, 0.0, 1.0);

    /// <summary>this ← this + a·x (same shape and null pattern).</summary>
    /// <exception cref="ArgumentException">Shapes or null patterns differ.</exception>
    public void AddScaled(double a, NetworkParameters x) => Combine(x, 1.0, a);

    /// <summary>Σ over held blocks of this·other (same shape and null pattern).</summary>
    /// <exception cref="ArgumentException">Shapes or null patterns differ.</exception>
    public double Dot(NetworkParameters other)
    {
        CheckSameShape(other);
        double sum = Dot(OpeningWeights, other.OpeningWeights) + Dot(OpeningBias, other.OpeningBias);
        for (int j = 0; j < Layers.Length; j++)
        {
            if (Layers[j] is { } theta)
            {
                sum += Dot(theta, other.Layers[j]!);
            }
        }

        return sum + Dot(ClassifierWeights, other.ClassifierWeights)
            + Dot(ClassifierBias, other.ClassifierBias);
    }

    /// <summary>
    /// Seeded initialization of the held blocks: weights (K₀, the matrices of θ_j, W) drawn
    /// from N(0, weightScale²), biases (b₀, the last w doubles of θ_j, μ) from
    /// N(0, biasScale²) (zero when biasScale = 0).
    /// </summary>
    /// <remarks>
    /// Each block draws from its own MathNet <see cref="MersenneTwister"/> whose seed mixes
    /// <paramref name="seed"/> with the block's identity (kind and layer index) through
    /// SplitMix64. A layer's values therefore depend only on (seed, j), not on which other
    /// layers are held: every rank of a layer-parallel run initializes its share identically
    /// to a serial run.
    /// </remarks>
    public void Initialize(long seed, double weightScale = 0.1, double biasScale = 0.0)
    {
        if (!(weightScale >= 0) || !(biasScale >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(weightScale), "scales must be ≥ 0");
        }

        Fill(OpeningWeights, Generator(seed, 1), weightScale);
        Fill(OpeningBias, Generator(seed, 2), biasScale);
        Fill(ClassifierWeights, Generator(seed, 3), weightScale);
        Fill(ClassifierBias, Generator(seed, 4), biasScale);
        for (int j = 0; j < Layers.Length; j++)
        {
            if (Layers[j] is { } theta)
            {
                var random = Generator(seed, 16 + j);
                int weights = theta.Length - Width;
                Fill(theta.AsSpan(0, weights), random, weightScale);
                Fill(theta.AsSpan(weights), random, biasScale);
            }
        }
    }

    /// <summary>
    /// Parameters for 2N layers (step h/2) from these N: layers by <paramref name="kind"/>,
    /// K₀, b₀, W, μ copied. Target layers 2j and 2j+1 are held where θ_j is held.
    /// </summary>
    /// <exception cref="InvalidOperationException">Linear prolongation needs θ_{j+1} next to a
    /// held θ_j (j &lt; N−1) and it is null.</exception>
    public NetworkParameters Prolongate(ProlongationKind kind)
    {
        int n = LayerCount;
        var fine = new NetworkParameters(Width, Features, Classes, 2 * n, LayerParameterCount,
            false);
        OpeningWeights.CopyTo(fine.OpeningWeights, 0);
        OpeningBias.CopyTo(fine.OpeningBias, 0);
        ClassifierWeights.CopyTo(fine.ClassifierWeights, 0);
        ClassifierBias.CopyTo(fine.ClassifierBias, 0);
        for (int j = 0; j < n; j++)
        {
            if (Layers[j] is not { } theta)
            {
                continue;
            }

            theta.CopyTo(fine.AllocateLayer(2 * j), 0);
            var odd = fine.AllocateLayer((2 * j) + 1);
            if (kind == ProlongationKind.PiecewiseConstant || j == n - 1)
            {
                theta.CopyTo(odd, 0);
                continue;
            }

            // θ^{2N}_{2j+1} = (θ_j + θ_{j+1})/2.
            var next = Layers[j + 1] ?? throw new InvalidOperationException(
                $"linear prolongation of layer {j} needs layer {j + 1}, which is not held");
            for (int i = 0; i < odd.Length; i++)
            {
                odd[i] = 0.5 * (theta[i] + next[i]);
            }
        }

        return fine;
    }

    private static Random Generator(long seed, int stream)
    {
        ulong x = unchecked((ulong)seed + ((ulong)stream * 0x9E3779B97F4A7C15UL));
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return new MersenneTwister(unchecked((int)x), false);
    }

    private static void Fill(Span<double> values, Random random, double scale)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = scale == 0.0 ? 0.0 : Normal.Sample(random, 0.0, scale);
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private void Combine(NetworkParameters x, double thisScale, double xScale)
    {
        CheckSameShape(x);
        Combine(OpeningWeights, x.OpeningWeights, thisScale, xScale);
        Combine(OpeningBias, x.OpeningBias, thisScale, xScale);
        for (int j = 0; j < Layers.Length; j++)
        {
            if (Layers[j] is { } theta)
            {
                Combine(theta, x.Layers[j]!, thisScale, xScale);
            }
        }

        Combine(ClassifierWeights, x.ClassifierWeights, thisScale, xScale);
        Combine(ClassifierBias, x.ClassifierBias, thisScale, xScale);
    }

    private static void Combine(Span<double> target, ReadOnlySpan<double> x, double a, double b)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = a == 0.0 ? b * x[i] : (a * target[i]) + (b * x[i]);
        }
    }

    private void CheckSameShape(NetworkParameters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        bool same = other.Width == Width && other.Features == Features
            && other.Classes == Classes && other.LayerCount == LayerCount
            && other.LayerParameterCount == LayerParameterCount;
        for (int j = 0; same && j < Layers.Length; j++)
        {
            same = (Layers[j] is null) == (other.Layers[j] is null);
        }

        if (!same)
        {
            throw new ArgumentException("parameter shapes or held layers differ", nameof(other));
        }
    }
}
