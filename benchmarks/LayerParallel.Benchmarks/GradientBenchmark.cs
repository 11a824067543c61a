using System.Diagnostics;
using System.Globalization;
using LayerParallel.Core.Communication;
using LayerParallel.Mpi;
using LayerParallel.Networks;
using LayerParallel.Networks.Parameters;
using LayerParallel.Parallel;

namespace LayerParallel.Benchmarks;

/// <summary>
/// One gradient evaluation (opening layer + N residual tanh layers + softmax cross-entropy,
/// forward Euler, float64): serial backprop, or layer-parallel MGRIT on the ranks of
/// <c>mpiexec</c>. Prints the median wall time of the repetitions (rank 0, after a barrier).
/// </summary>
public sealed class GradientBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "gradient";

    /// <inheritdoc/>
    public string Summary =>
        "gradient --backend serial|mgrit --width W --layers N --batch B [--reps R] "
        + "[--fwd-iters 2 --bwd-iters 1 --levels 3 --cf 4]";

    /// <inheritdoc/>
    public int Run(IReadOnlyList<string> args)
    {
        var a = Arguments.Parse(args);
        string backend = a.Text("backend", "serial");
        int width = a.Int("width", 8), layers = a.Int("layers", 32), batch = a.Int("batch", 1000);
        int reps = a.Int("reps", 10);
        var config = new NetworkConfig
        {
            Width = width, Layers = layers, Features = 2, Classes = 5, FinalTime = 1.0,
        };
        var parameters = new NetworkParameters(config);
        parameters.Initialize(1, 0.1, 0.0);
        var random = new Random(1);
        var x = Enumerable.Range(0, 2 * batch).Select(_ => random.NextDouble() - 0.5).ToArray();
        var labels = Enumerable.Range(0, batch).Select(_ => random.Next(5)).ToArray();
        var gradient = parameters.ZerosLike();

        Func<long> evaluate;
        ICommunicator? comm = null;
        if (backend == "serial")
        {
            var net = new SerialNetwork(config, batch);
            evaluate = () => { net.ComputeGradient(parameters, x, labels, gradient); return 2L * layers; };
        }
        else
        {
            comm = MpiRuntime.Start();
            var options = new LayerParallelOptions
            {
                ForwardIterations = a.Int("fwd-iters", 2),
                AdjointIterations = a.Int("bwd-iters", 1),
                MaxLevels = a.Int("levels", 3),
                CFactor = a.Int("cf", 4),
            };
            var net = new LayerParallelNetwork(config, comm, options);
            net.KeepOwnedLayers(parameters);
            gradient = new NetworkParameters(config, allocateLayers: false);
            evaluate = () => { net.Compute(parameters, x, labels, gradient); return 0L; };
        }

        for (int w = 0; w < 3; w++)
        {
            evaluate();
        }

        var times = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            comm?.Barrier();
            var clock = Stopwatch.StartNew();
            evaluate();
            comm?.Barrier();
            times[r] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        double median = reps % 2 == 1 ? times[reps / 2] : 0.5 * (times[(reps / 2) - 1] + times[reps / 2]);
        if (comm is null || comm.Rank == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gradient backend={backend} ranks={comm?.Size ?? 1} width={width} layers={layers} "
                + $"batch={batch} median_ms={median:F3} min_ms={times[0]:F3}"));
        }

        MpiRuntime.Shutdown();
        return 0;
    }
}
