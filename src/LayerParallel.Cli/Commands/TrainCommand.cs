using LayerParallel.Cli.Options;
using LayerParallel.Cli.Training;
using LayerParallel.Networks.Data;
using LayerParallel.Training;
using LayerParallel.Training.Backends;
using LayerParallel.Training.Optimizers;
using Serilog;

namespace LayerParallel.Cli.Commands;

/// <summary>
/// <c>layerparallel train</c>: loads or generates data, builds the network and the gradient
/// backend, trains with one progress line per epoch, and writes <c>metrics.csv</c> and
/// <c>result.json</c> (rank 0 only) when <c>--output</c> is given.
/// </summary>
/// <remarks>Every flag and config value is validated, and the data are read, before any MPI
/// work; bad input is an <see cref="Core.InputException"/>.</remarks>
public sealed class TrainCommand : ICommand
{
    /// <summary>Samples per evaluation batch when that exceeds the training batch.</summary>
    public const int EvaluationBatch = 500;

    /// <inheritdoc />
    public string Name => "train";

    /// <inheritdoc />
    public string Summary => "train a residual network (serial or layer-parallel)";

    /// <inheritdoc />
    public int Run(IReadOnlyList<string> args, CommandContext context)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            Console.WriteLine(TrainOptions.Help());
            return 0;
        }

        var config = ReadConfig(args);
        config.Validate();
        config.ToNetworkConfig(features: 1, classes: 2).Validate();
        GradientBackendFactory.EnsureAvailable(config.Backend);
        var data = DatasetLoader.Load(config);
        var network = config.ToNetworkConfig(data.Training.FeatureCount,
            data.Training.ClassCount);

        int rank = config.Backend == BackendKind.Serial
            ? CommandContext.LauncherRank
            : context.Communicator.Rank;
        var logger = context.CreateLogger(rank, config.LogFile, config.Verbose);
        try
        {
            return Train(config, data, network, rank, context, logger);
        }
        finally
        {
            (logger as IDisposable)?.Dispose();
        }
    }

    /// <summary>The configuration: defaults, then the <c>--config</c> file, then the flags.</summary>
    /// <exception cref="Core.InputException">A bad flag, value or config file.</exception>
    public static TrainConfig ReadConfig(IReadOnlyList<string> args)
    {
        var parsed = ParsedOptions.Parse(args, TrainOptions.Specs);
        var configFile = parsed.GetString(TrainOptions.ConfigFlag);
        if (configFile is not null)
        {
            var fromFile = ConfigFile.ReadArguments(configFile, TrainOptions.Specs);
            parsed = ParsedOptions.Parse([.. fromFile, .. args], TrainOptions.Specs);
        }

        return TrainOptions.Bind(parsed);
    }

    private static int Train(TrainConfig config, DatasetSplit data,
        Networks.NetworkConfig network, int rank, CommandContext context, ILogger logger)
    {
        logger.Information("Data {Dataset}: {TrainingSamples} training and {ValidationSamples}"
            + " validation samples, {Features} features, {Classes} classes",
            config.Dataset, data.Training.SampleCount, data.Validation.SampleCount,
            network.Features, network.Classes);
        if (config.Backend == BackendKind.Serial && CommandContext.LauncherSize > 1 && rank == 0)
        {
            logger.Warning("Serial backend under a launcher with {Ranks} ranks: every rank trains"
                + " the whole network; use --backend mgrit for layer-parallel training",
                CommandContext.LauncherSize);
        }

        var backendContext = new BackendContext(config, network,
            Math.Max(config.BatchSize, EvaluationBatch), logger, () => context.Communicator);
        using var backend = GradientBackendFactory.Create(backendContext);
        logger.Information("Network {Network}, {Integrator}, {Activation}: {Layers} layers"
            + " (final {FinalLayers}) of width {Width}, T = {FinalTime}; {Optimizer}, learning rate"
            + " {LearningRate}, batch {BatchSize}, {Epochs} epochs per level; backend {Backend}",
            network.Kind, network.Integrator, network.Activation, network.Layers,
            config.FinalLayers, network.Width, network.FinalTime, config.Optimizer,
            config.LearningRate, config.BatchSize, config.Epochs, config.Backend);

        var optimizer = OptimizerFactory.Create(config.Optimizer, config.LearningRate,
            config.Momentum);
        var trainer = new Trainer(config.ToTrainerOptions(), logger);
        using var output = rank == 0 && config.Output is not null
            ? RunOutput.Start(config.Output, config, data)
            : null;
        // Ctrl-C or a launcher's SIGTERM: result.json says so before the process ends.
        using var onInterrupt = output is null ? null : System.Runtime.InteropServices
            .PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT,
                _ => output.Interrupt("SIGINT"));
        using var onTerminate = output is null ? null : System.Runtime.InteropServices
            .PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
                _ => output.Interrupt("SIGTERM"));
        TrainingResult result;
        try
        {
            result = trainer.Train(backend, data.Training, data.Validation, optimizer,
                output is null ? null : output.AppendEpoch);
        }
        catch (Exception e) when (output is not null)
        {
            output.Fail(e);
            throw;
        }

        output?.Complete(result);
        logger.Information("Done: train accuracy {TrainAccuracy:F4}, validation accuracy"
            + " {ValidationAccuracy:F4}, loss {FinalLoss:G5}, {Layers} layers,"
            + " {WallSeconds:F1} s{Where}",
            result.TrainAccuracy, result.ValidationAccuracy, result.TrainLoss, result.Layers,
            result.WallSeconds, config.Output is null ? string.Empty : $"; wrote {config.Output}");
        return 0;
    }
}
