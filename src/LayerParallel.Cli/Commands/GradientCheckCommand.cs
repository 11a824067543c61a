using System.Globalization;
using System.Text.Json;
using LayerParallel.Cli.Training;
using LayerParallel.Networks;
using LayerParallel.Networks.Parameters;
using LayerParallel.Training;
using LayerParallel.Training.Backends;

namespace LayerParallel.Cli.Commands;

/// <summary>
/// <c>layerparallel gradient-check</c>: one minibatch gradient computed by the layer-parallel
/// MGRIT backend on the ranks of the job and by serial backprop on rank 0, with the largest
/// relative difference of any entry. Takes the flags of <c>train</c>; the batch is the first
/// <c>--batch-size</c> training samples.
/// </summary>
public sealed class GradientCheckCommand : ICommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <inheritdoc />
    public string Name => "gradient-check";

    /// <inheritdoc />
    public string Summary => "compare one layer-parallel gradient with serial backprop";

    /// <inheritdoc />
    public int Run(IReadOnlyList<string> args, CommandContext context)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            Console.WriteLine("usage: layerparallel gradient-check [train flags]\n\n"
                + "Computes the gradient of the first --batch-size training samples with\n"
                + "--backend mgrit settings (--fwd-iters, --fwd-tol, ...) on every rank and with\n"
                + "serial backprop, and prints the largest relative difference of any entry\n"
                + "(|g_mgrit − g_serial| / max|g_serial|). --output FILE writes it as JSON.\n"
                + "See layerparallel train --help for the flags.");
            return 0;
        }

        var config = TrainCommand.ReadConfig(args) with { Backend = BackendKind.Mgrit };
        config.Validate();
        if (config.Output is { } target)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(target));
            if (Directory.Exists(target) || folder is null || !Directory.Exists(folder))
            {
                throw new Core.InputException(
                    $"--output must name a file in an existing folder, got '{target}'");
            }
        }

        config.ToNetworkConfig(features: 1, classes: 2).Validate();
        var data = DatasetLoader.Load(config);
        var network = config.ToNetworkConfig(data.Training.FeatureCount, data.Training.ClassCount);
        int batch = Math.Min(config.BatchSize, data.Training.SampleCount);
        var indices = Enumerable.Range(0, batch).ToArray();
        var features = new double[network.Features * batch];
        var labels = new int[batch];
        data.Training.GatherBatch(indices, features, labels);

        var comm = context.Communicator;
        var logger = context.CreateLogger(comm.Rank, config.LogFile, config.Verbose);
        var backendContext = new BackendContext(config, network, batch, logger, () => comm);
        using var parallel = (MgritGradientBackend)GradientBackendFactory.Create(backendContext);
        var mgrit = parallel.ComputeGradient(features, labels);
        var gathered = parallel.GatherGradient();
        if (comm.Rank != 0)
        {
            return 0;
        }

        // Serial backprop from the same seeded parameters the backends start from.
        var parameters = GradientBackendFactory.InitialParameters(network, config.Seed);
        var serialGradient = parameters.ZerosLike();
        var reference = new SerialNetwork(network, batch).ComputeGradient(parameters, features,
            labels, serialGradient, new Regularization(config.WeightDecay, config.Smoothness));
        double difference = MaxRelativeDifference(gathered, serialGradient);
        double lossDifference = Math.Abs(mgrit.Objective - reference.Objective)
            / Math.Max(Math.Abs(reference.Objective), double.Epsilon);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gradient check: ranks {comm.Size}, layers {network.Layers}, batch {batch}: "
            + $"objective {mgrit.Objective:R} (serial {reference.Objective:R}), max relative "
            + $"gradient difference {difference:E3}, forward MGRIT {mgrit.Solver?.ForwardIterations}"
            + $" iterations, adjoint {mgrit.Solver?.AdjointIterations}"));
        if (config.Output is { } path)
        {
            var json = new Dictionary<string, object?>
            {
                ["ranks"] = comm.Size,
                ["layers"] = network.Layers,
                ["batch"] = batch,
                ["objective"] = mgrit.Objective,
                ["serial_objective"] = reference.Objective,
                ["objective_relative_difference"] = lossDifference,
                ["gradient_relative_difference"] = difference,
                ["forward_iterations"] = mgrit.Solver?.ForwardIterations,
                ["adjoint_iterations"] = mgrit.Solver?.AdjointIterations,
            };
            File.WriteAllText(path, JsonSerializer.Serialize(json, Indented));
        }

        return 0;
    }

    /// <summary>max over entries of |a − b| / max |b|.</summary>
    private static double MaxRelativeDifference(NetworkParameters a, NetworkParameters b)
    {
        var blocksA = a.Blocks().ToList();
        var blocksB = b.Blocks().ToList();
        double scale = blocksB.SelectMany(x => x.Values).Max(Math.Abs);
        double worst = 0.0;
        for (int i = 0; i < blocksA.Count; i++)
        {
            for (int k = 0; k < blocksA[i].Values.Length; k++)
            {
                worst = Math.Max(worst, Math.Abs(blocksA[i].Values[k] - blocksB[i].Values[k]));
            }
        }

        return worst / scale;
    }
}
