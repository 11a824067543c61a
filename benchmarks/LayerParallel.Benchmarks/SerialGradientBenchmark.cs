using System.Diagnostics;
using System.Globalization;
using LayerParallel.Core.LinearAlgebra;
using LayerParallel.Networks;
using LayerParallel.Networks.Parameters;

namespace LayerParallel.Benchmarks;

/// <summary>
/// Serial forward + backward of the network that <c>shared/bench/torch_baseline.py</c> times:
/// tanh opening layer from 2 features, N forward-Euler tanh layers (T = 1), softmax
/// cross-entropy over 5 classes; float64, one thread. Prints the median and minimum time per
/// forward+backward for each (width, layers, batch).
/// </summary>
/// <remarks>Usage: <c>lp-bench serial-gradient [W L B]... [--reps R] [--chunk C]</c>; without
/// sizes the three standard ones (8, 32, 5000), (32, 128, 1000), (64, 512, 1000). C is the
/// column block of <see cref="SerialNetwork"/> (0: automatic).</remarks>
public sealed class SerialGradientBenchmark : IBenchmark
{
    private static readonly (int Width, int Layers, int Batch)[] Standard =
        [(8, 32, 5000), (32, 128, 1000), (64, 512, 1000)];

    /// <inheritdoc/>
    public string Name => "serial-gradient";

    /// <inheritdoc/>
    public string Summary => "serial forward+backward of a tanh ResNet (compare: torch-compare.sh)";

    /// <inheritdoc/>
    public int Run(IReadOnlyList<string> args)
    {
        int reps = 20;
        int chunk = 0;
        var sizes = new List<(int, int, int)>();
        var numbers = new List<int>();
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--reps" && i + 1 < args.Count)
            {
                reps = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--chunk" && i + 1 < args.Count)
            {
                chunk = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture,
                out int value))
            {
                numbers.Add(value);
            }
            else
            {
                Console.Error.WriteLine($"serial-gradient: unknown argument '{args[i]}'");
                return 2;
            }
        }

        if (numbers.Count % 3 != 0 || reps < 1 || chunk < 0)
        {
            Console.Error.WriteLine(
                "usage: lp-bench serial-gradient [W L B]... [--reps R] [--chunk C]");
            return 2;
        }

        for (int i = 0; i < numbers.Count; i += 3)
        {
            sizes.Add((numbers[i], numbers[i + 1], numbers[i + 2]));
        }

        if (sizes.Count == 0)
        {
            sizes.AddRange(Standard);
        }

        Console.WriteLine($"# BLAS: {Blas.Provider}; {reps} repetitions after 3 warm-ups");
        foreach (var (width, layers, batch) in sizes)
        {
            var (median, min, loss) = Measure(width, layers, batch, reps, chunk);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"layerparallel width={width} layers={layers} batch={batch} threads=1: "
                + $"{median:F2} ms per forward+backward (min {min:F2}, loss {loss:F6})"));
        }

        return 0;
    }

    private static (double Median, double Min, double Loss) Measure(int width, int layers,
        int batch, int reps, int chunk)
    {
        var config = new NetworkConfig
        {
            Kind = NetworkKind.ResNet, Integrator = IntegratorKind.ForwardEuler,
            Activation = Activation.Tanh, Width = width, Layers = layers, FinalTime = 1.0,
            Features = 2, Classes = 5,
        };
        var parameters = new NetworkParameters(config);
        parameters.Initialize(seed: 1, weightScale: 0.1, biasScale: 0.0);
        var gradient = parameters.ZerosLike();
        var random = new Random(2);
        var features = new double[config.Features * batch];
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()))
                * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        var labels = new int[batch];
        for (int k = 0; k < batch; k++)
        {
            labels[k] = random.Next(config.Classes);
        }

        var network = new SerialNetwork(config, batch, StateStorage.StoreAll, chunk);
        double loss = 0;
        for (int i = 0; i < 3; i++)
        {
            loss = network.ComputeGradient(parameters, features, labels, gradient).Loss;
        }

        var times = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            long start = Stopwatch.GetTimestamp();
            network.ComputeGradient(parameters, features, labels, gradient);
            times[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        double median = reps % 2 == 1
            ? times[reps / 2]
            : 0.5 * (times[(reps / 2) - 1] + times[reps / 2]);
        return (median, times[0], loss);
    }
}
