using System.Globalization;
using LayerParallel.Cli.Options;
using LayerParallel.Core;
using LayerParallel.Networks;
using LayerParallel.Networks.Data;
using LayerParallel.Training;
using LayerParallel.Training.Backends;
using LayerParallel.Training.Optimizers;

namespace LayerParallel.Cli.Training;

/// <summary>
/// The flags of <c>layerparallel train</c>, in one table that drives the help text, parsing,
/// the JSON config file (keys are flag names) and the configuration written to
/// <c>result.json</c>, so the four cannot drift apart.
/// </summary>
public static class TrainOptions
{
    /// <summary>Flag naming the JSON config file.</summary>
    public const string ConfigFlag = "config";

    /// <summary>Flag asking for help.</summary>
    public const string HelpFlag = "help";

    private static readonly EnumNames<NetworkKind> NetworkNames = new(
        (NetworkKind.ResNet, "resnet", []),
        (NetworkKind.Antisymmetric, "antisymmetric", []),
        (NetworkKind.Hamiltonian, "hamiltonian", []));

    private static readonly EnumNames<IntegratorKind> IntegratorNames = new(
        (IntegratorKind.ForwardEuler, "euler", ["forward-euler"]),
        (IntegratorKind.Verlet, "verlet", []),
        (IntegratorKind.AdamsBashforth3, "ab3", ["adams-bashforth3"]),
        (IntegratorKind.RungeKutta4, "rk4", ["runge-kutta4"]));

    private static readonly EnumNames<Activation> ActivationNames = new(
        (Activation.Tanh, "tanh", []),
        (Activation.Relu, "relu", []),
        (Activation.SmoothRelu, "smoothrelu", []));

    private static readonly EnumNames<OptimizerKind> OptimizerNames = new(
        (OptimizerKind.Sgd, "sgd", []),
        (OptimizerKind.Adam, "adam", []));

    private static readonly EnumNames<LearningRateSchedule> ScheduleNames = new(
        (LearningRateSchedule.Constant, "constant", []),
        (LearningRateSchedule.Cosine, "cosine", []));

    private static readonly EnumNames<BackendKind> BackendNames = new(
        (BackendKind.Serial, "serial", []),
        (BackendKind.Mgrit, "mgrit", []));

    private static readonly EnumNames<LayerParallel.Mgrit.StorageMode> StorageNames = new(
        (LayerParallel.Mgrit.StorageMode.AllPoints, "all", []),
        (LayerParallel.Mgrit.StorageMode.CPointsOnly, "cpoints", []));

    private static readonly TrainFlag[] Flags =
    [
        Text(ConfigFlag, "FILE", "JSON file of flag values (keys are flag names, or a"
            + " result.json); command-line flags win", _ => null, (c, _) => c),
        Text("dataset", "NAME|PATH", "peaks|ellipses|swissroll|fashion-mnist, or a text data"
            + " set: a folder with features.txt and labels.txt, or a features file",
            c => c.Dataset, (c, v) => c with { Dataset = v }),
        Text("data-dir", "DIR", $"folder of the Fashion-MNIST IDX files (default:"
            + $" {FashionMnist.DefaultDirectory})", c => c.DataDir, (c, v) => c with { DataDir = v }),
        Text("labels", "FILE", "labels of a text data set (default: labels.txt beside the"
            + " features)", c => c.Labels, (c, v) => c with { Labels = v }),
        Int("samples", "N", "points generated for peaks, ellipses and swissroll",
            c => c.Samples, (c, v) => c with { Samples = v }),
        Int("classes", "N", "rings of the ellipses data set", c => c.Classes,
            (c, v) => c with { Classes = v }),
        Real("validation-fraction", "F", "share of synthetic or text data held out for"
            + " validation", c => c.ValidationFraction, (c, v) => c with { ValidationFraction = v }),
        Int("train-samples", "N", "use the first N Fashion-MNIST training images; 0: all",
            c => c.TrainSamples, (c, v) => c with { TrainSamples = v }),
        Int("validation-samples", "N", "use the first N Fashion-MNIST test images; 0: all",
            c => c.ValidationSamples, (c, v) => c with { ValidationSamples = v }),
        Switch("standardize", "standardize features with training mean and deviation"
            + " (--standardize=false turns it off)", c => c.Standardize,
            (c, v) => c with { Standardize = v }),
        Choice("network", NetworkNames, "layer function f(Y, θ)", c => c.Network,
            (c, v) => c with { Network = v }),
        Choice("integrator", IntegratorNames, "time integrator of the layers (verlet needs"
            + " hamiltonian)", c => c.Integrator, (c, v) => c with { Integrator = v }),
        Choice("activation", ActivationNames, "activation σ", c => c.Activation,
            (c, v) => c with { Activation = v }),
        Int("layers", "N", "residual layers N (of the first level with --multilevel)",
            c => c.Layers, (c, v) => c with { Layers = v }),
        Int("width", "N", "width w of the residual layers", c => c.Width,
            (c, v) => c with { Width = v }),
        Real("final-time", "T", "final time T; the step is h = T/N", c => c.FinalTime,
            (c, v) => c with { FinalTime = v }),
        Real("gamma", "G", "damping γ of the antisymmetric network", c => c.Gamma,
            (c, v) => c with { Gamma = v }),
        Real("weight-decay", "A", "Tikhonov weight α on all weights", c => c.WeightDecay,
            (c, v) => c with { WeightDecay = v }),
        Real("smoothness", "B", "weight β of the smoothness penalty on θ_{j+1} − θ_j",
            c => c.Smoothness, (c, v) => c with { Smoothness = v }),
        Choice("optimizer", OptimizerNames, "optimizer", c => c.Optimizer,
            (c, v) => c with { Optimizer = v }),
        Real("learning-rate", "LR", "step size η", c => c.LearningRate,
            (c, v) => c with { LearningRate = v }),
        Choice("schedule", ScheduleNames, "learning rate per epoch: constant, or cosine"
            + " annealing to 0 within each level", c => c.Schedule,
            (c, v) => c with { Schedule = v }),
        Real("momentum", "M", "momentum μ of sgd", c => c.Momentum,
            (c, v) => c with { Momentum = v }),
        Int("epochs", "N", "epochs (per level with --multilevel)", c => c.Epochs,
            (c, v) => c with { Epochs = v }),
        Int("batch-size", "N", "samples per minibatch", c => c.BatchSize,
            (c, v) => c with { BatchSize = v }),
        Long("seed", "N", "seed of data, split, initial weights and shuffling", c => c.Seed,
            (c, v) => c with { Seed = v }),
        Int("multilevel", "L", "cascadic multilevel training with L levels: --layers, then"
            + " twice as many, …; 1 is off", c => c.Multilevel, (c, v) => c with { Multilevel = v }),
        Choice("backend", BackendNames, "gradient computation", c => c.Backend,
            (c, v) => c with { Backend = v }),
        Int("fwd-iters", "N", "mgrit: largest forward iteration count", c => c.FwdIters,
            (c, v) => c with { FwdIters = v }),
        Int("bwd-iters", "N", "mgrit: largest adjoint iteration count", c => c.BwdIters,
            (c, v) => c with { BwdIters = v }),
        Real("fwd-tol", "TOL", "mgrit: forward residual tolerance", c => c.FwdTol,
            (c, v) => c with { FwdTol = v }),
        Real("bwd-tol", "TOL", "mgrit: adjoint residual tolerance", c => c.BwdTol,
            (c, v) => c with { BwdTol = v }),
        Int("max-levels", "N", "mgrit: largest number of levels", c => c.MaxLevels,
            (c, v) => c with { MaxLevels = v }),
        Int("cf", "M", "mgrit: coarsening factor", c => c.Cf, (c, v) => c with { Cf = v }),
        Int("nu", "N", "mgrit: relaxation sweeps (1: FCF)", c => c.Nu,
            (c, v) => c with { Nu = v }),
        Choice("forward-storage", StorageNames, "mgrit: forward states kept for the adjoint:"
            + " all points, or C-points only and recompute the rest (memory ÷ cf)",
            c => c.ForwardStorage, (c, v) => c with { ForwardStorage = v }),
        Switch("warm-restart", "mgrit: start each solve from the previous step's solution"
            + " (--warm-restart=false starts from the initial guess)", c => c.WarmRestart,
            (c, v) => c with { WarmRestart = v }),
        Text("output", "DIR", "write metrics.csv and result.json here (default: no files)",
            c => c.Output, (c, v) => c with { Output = v }),
        Text("log-file", "FILE", "also write the log to FILE", c => c.LogFile,
            (c, v) => c with { LogFile = v }),
        Switch("verbose", "log at Debug level", c => c.Verbose,
            (c, v) => c with { Verbose = v }),
        new(new OptionSpec(HelpFlag, null, null, "print this help and exit"), (c, _) => c,
            _ => null),
    ];

    /// <summary>The specs of every flag, defaults filled in from <see cref="TrainConfig"/>.</summary>
    public static IReadOnlyList<OptionSpec> Specs { get; } = Flags.Select(f => f.Spec).ToArray();

    /// <summary>The help text of the command.</summary>
    public static string Help() => ParsedOptions.Help(
        "layerparallel train [flags]",
        "Trains a residual network (layers = time steps of an ODE) and reports loss and"
        + " accuracy per epoch.",
        Specs);

    /// <summary>A config: the defaults, overridden by every flag in
    /// <paramref name="parsed"/>.</summary>
    /// <exception cref="InputException">A value is malformed.</exception>
    public static TrainConfig Bind(ParsedOptions parsed)
    {
        var config = new TrainConfig();
        foreach (var flag in Flags)
        {
            if (parsed.Has(flag.Spec.Name))
            {
                config = flag.Apply(config, parsed);
            }
        }

        return config;
    }

    /// <summary>Every setting of <paramref name="config"/> as (flag name, JSON scalar or
    /// null), in help order; <c>config</c> and <c>help</c> are left out.</summary>
    public static IEnumerable<(string Name, object? Value)> Describe(TrainConfig config) =>
        Flags.Where(f => f.Spec.Name is not (ConfigFlag or HelpFlag))
            .Select(f => (f.Spec.Name, f.Read(config)));

    private static TrainFlag Text(string name, string value, string help,
        Func<TrainConfig, string?> read, Func<TrainConfig, string, TrainConfig> set) =>
        Make(name, value, help, read, (c, p) => set(c, p.GetString(name)!));

    private static TrainFlag Int(string name, string value, string help,
        Func<TrainConfig, int> read, Func<TrainConfig, int, TrainConfig> set) =>
        Make(name, value, help, c => read(c), (c, p) => set(c, p.GetInt(name, 0)));

    private static TrainFlag Long(string name, string value, string help,
        Func<TrainConfig, long> read, Func<TrainConfig, long, TrainConfig> set) =>
        Make(name, value, help, c => read(c), (c, p) =>
        {
            var text = p.GetString(name)!;
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture,
                out var v)
                ? set(c, v)
                : throw new InputException(
                    $"malformed number for --{name}: '{text}' is not an integer");
        });

    private static TrainFlag Real(string name, string value, string help,
        Func<TrainConfig, double> read, Func<TrainConfig, double, TrainConfig> set) =>
        Make(name, value, help, c => read(c), (c, p) => set(c, p.GetDouble(name, 0)));

    private static TrainFlag Switch(string name, string help,
        Func<TrainConfig, bool> read, Func<TrainConfig, bool, TrainConfig> set) =>
        Make(name, null, help, c => read(c), (c, p) => set(c, p.GetSwitch(name)));

    private static TrainFlag Choice<TEnum>(string name, EnumNames<TEnum> names, string help,
        Func<TrainConfig, TEnum> read, Func<TrainConfig, TEnum, TrainConfig> set)
        where TEnum : struct, Enum =>
        Make(name, names.Choices, help, c => names.Name(read(c)),
            (c, p) => set(c, names.Parse(name, p.GetString(name)!)));

    private static TrainFlag Make(string name, string? value, string help,
        Func<TrainConfig, object?> read, Func<TrainConfig, ParsedOptions, TrainConfig> apply)
    {
        var shown = read(new TrainConfig());
        var text = shown switch
        {
            null => null,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => shown.ToString(),
        };
        return new TrainFlag(new OptionSpec(name, value, text, help), apply, read);
    }
}
