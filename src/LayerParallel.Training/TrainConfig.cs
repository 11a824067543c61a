using LayerParallel.Core;
using LayerParallel.Networks;
using LayerParallel.Training.Backends;
using LayerParallel.Training.Optimizers;

namespace LayerParallel.Training;

/// <summary>
/// Everything that defines a training run: data, network, optimizer, schedule, backend and
/// output. The <c>layerparallel train</c> command fills it from flags and a JSON file whose
/// keys are the flag names; the defaults here are the documented defaults of the command.
/// Immutable; extend a copy with <c>with</c>.
/// </summary>
public sealed record TrainConfig
{
    /// <summary>Data set: <c>peaks</c>, <c>ellipses</c>, <c>swissroll</c>,
    /// <c>fashion-mnist</c>, or the path of a text data set (folder or features file).</summary>
    public string Dataset { get; init; } = "peaks";

    /// <summary>Folder of the Fashion-MNIST IDX files; null for the Debian default.</summary>
    public string? DataDir { get; init; }

    /// <summary>Labels file of a text data set; null for <c>labels.txt</c> beside it.</summary>
    public string? Labels { get; init; }

    /// <summary>Samples generated for a synthetic data set (before the split).</summary>
    public int Samples { get; init; } = 5000;

    /// <summary>Number of rings of the ellipses data set.</summary>
    public int Classes { get; init; } = 2;

    /// <summary>Share of the samples held out for validation (synthetic and text data).</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Use only the first so many training images of Fashion-MNIST (0: all).</summary>
    public int TrainSamples { get; init; }

    /// <summary>Use only the first so many test images of Fashion-MNIST (0: all).</summary>
    public int ValidationSamples { get; init; }

    /// <summary>Standardize each feature with the training mean and deviation.</summary>
    public bool Standardize { get; init; } = true;

    /// <summary>The ODE right-hand side of the residual layers.</summary>
    public NetworkKind Network { get; init; } = NetworkKind.ResNet;

    /// <summary>Time integrator of the layers.</summary>
    public IntegratorKind Integrator { get; init; } = IntegratorKind.ForwardEuler;

    /// <summary>Activation σ.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Residual layers N of the first level (see <see cref="Multilevel"/>).</summary>
    public int Layers { get; init; } = 16;

    /// <summary>Width w of the residual layers.</summary>
    public int Width { get; init; } = 16;

    /// <summary>Final time T; the step is h = T/N.</summary>
    public double FinalTime { get; init; } = 5.0;

    /// <summary>Damping γ of the antisymmetric network.</summary>
    public double Gamma { get; init; } = 0.01;

    /// <summary>Tikhonov weight α on every weight (weight decay).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Weight β of the smoothness-in-time penalty on θ_{j+1} − θ_j.</summary>
    public double Smoothness { get; init; }

    /// <summary>Optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Step size η.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Learning-rate schedule within each level.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Cosine;

    /// <summary>Momentum μ of SGD.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Epochs per level.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Samples per minibatch (the last one of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seed of data generation, split, initial weights and shuffling.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Number of levels L of cascadic multilevel training: level ℓ = 0 … L−1 trains
    /// N·2^ℓ layers; 1 is plain training.</summary>
    public int Multilevel { get; init; } = 1;

    /// <summary>Gradient backend.</summary>
    public BackendKind Backend { get; init; } = BackendKind.Serial;

    /// <summary>Largest number of MGRIT iterations of the forward propagation.</summary>
    public int FwdIters { get; init; } = 2;

    /// <summary>Largest number of MGRIT iterations of the adjoint propagation.</summary>
    public int BwdIters { get; init; } = 2;

    /// <summary>Residual tolerance of the forward MGRIT solve.</summary>
    public double FwdTol { get; init; } = 1e-9;

    /// <summary>Residual tolerance of the adjoint MGRIT solve.</summary>
    public double BwdTol { get; init; } = 1e-9;

    /// <summary>Largest number of MGRIT levels.</summary>
    public int MaxLevels { get; init; } = 10;

    /// <summary>MGRIT coarsening factor.</summary>
    public int Cf { get; init; } = 4;

    /// <summary>MGRIT relaxation sweeps (1 = FCF).</summary>
    public int Nu { get; init; } = 1;

    /// <summary>MGRIT: forward states kept for the adjoint (all points, or C-points only).</summary>
    public LayerParallel.Mgrit.StorageMode ForwardStorage { get; init; } =
        LayerParallel.Mgrit.StorageMode.AllPoints;

    /// <summary>MGRIT: start each solve from the previous optimizer step's solution.</summary>
    public bool WarmRestart { get; init; } = true;

    /// <summary>Folder for metrics.csv and result.json; null writes no files.</summary>
    public string? Output { get; init; }

    /// <summary>Also write the log to this file.</summary>
    public string? LogFile { get; init; }

    /// <summary>Log at Debug level.</summary>
    public bool Verbose { get; init; }

    /// <summary>The number of layers of the last level, N·2^(L−1).</summary>
    public int FinalLayers => Layers << (Multilevel - 1);

    /// <summary>Checks every value on its own (the network combination is checked by
    /// <see cref="NetworkConfig.Validate"/>).</summary>
    /// <exception cref="InputException">The first bad value, named by its flag.</exception>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Dataset), "--dataset must not be empty");
        Require(Samples >= 2, $"--samples must be at least 2, got {Samples}");
        Require(Classes >= 2, $"--classes must be at least 2, got {Classes}");
        Require(ValidationFraction > 0 && ValidationFraction < 1,
            $"--validation-fraction must be in (0, 1), got {ValidationFraction}");
        Require(TrainSamples >= 0, $"--train-samples must be ≥ 0, got {TrainSamples}");
        Require(ValidationSamples >= 0,
            $"--validation-samples must be ≥ 0, got {ValidationSamples}");
        Require(Layers >= 1, $"--layers must be at least 1, got {Layers}");
        Require(Width >= 1, $"--width must be at least 1, got {Width}");
        Require(FinalTime > 0, $"--final-time must be positive, got {FinalTime}");
        Require(Integrator != IntegratorKind.Verlet || Network == NetworkKind.Hamiltonian,
            "--integrator verlet needs --network hamiltonian");
        Require(Gamma >= 0, $"--gamma must be ≥ 0, got {Gamma}");
        Require(WeightDecay >= 0, $"--weight-decay must be ≥ 0, got {WeightDecay}");
        Require(Smoothness >= 0, $"--smoothness must be ≥ 0, got {Smoothness}");
        Require(LearningRate > 0, $"--learning-rate must be positive, got {LearningRate}");
        Require(Momentum >= 0 && Momentum < 1, $"--momentum must be in [0, 1), got {Momentum}");
        Require(Epochs >= 1, $"--epochs must be at least 1, got {Epochs}");
        Require(BatchSize >= 1, $"--batch-size must be at least 1, got {BatchSize}");
        Require(Multilevel is >= 1 and <= 20, $"--multilevel must be in 1 … 20, got {Multilevel}");
        Require((long)Layers << (Multilevel - 1) <= 1 << 20,
            $"--layers {Layers} with --multilevel {Multilevel} exceeds 2^20 layers");
        Require(FwdIters >= 1, $"--fwd-iters must be at least 1, got {FwdIters}");
        Require(BwdIters >= 1, $"--bwd-iters must be at least 1, got {BwdIters}");
        Require(FwdTol >= 0, $"--fwd-tol must be ≥ 0, got {FwdTol}");
        Require(BwdTol >= 0, $"--bwd-tol must be ≥ 0, got {BwdTol}");
        Require(MaxLevels >= 1, $"--max-levels must be at least 1, got {MaxLevels}");
        Require(Cf >= 2, $"--cf must be at least 2, got {Cf}");
        Require(Nu >= 0, $"--nu must be ≥ 0, got {Nu}");
    }

    /// <summary>The network of the first level for data with <paramref name="features"/>
    /// features and <paramref name="classes"/> classes.</summary>
    public NetworkConfig ToNetworkConfig(int features, int classes) => new()
    {
        Kind = Network,
        Integrator = Integrator,
        Activation = Activation,
        Width = Width,
        Layers = Layers,
        FinalTime = FinalTime,
        Gamma = Gamma,
        Features = features,
        Classes = classes,
    };

    /// <summary>The schedule part, for the <see cref="Trainer"/>.</summary>
    public TrainerOptions ToTrainerOptions() =>
        new(Epochs, BatchSize, Seed, Multilevel, Schedule);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InputException(message);
        }
    }
}
