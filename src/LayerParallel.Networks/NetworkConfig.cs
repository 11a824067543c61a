using LayerParallel.Core;

namespace LayerParallel.Networks;

/// <summary>
/// Everything that fixes the shape and numerics of a network: the ODE right-hand side, the
/// integrator, the activation, the width w, the number of layers N, the final time T and the
/// sizes of the opening layer and classifier. Immutable; derive variants with <c>with</c>.
/// </summary>
/// <remarks>
/// The step is h = T/N. Opening layer: Y₀ = σ(K₀ X + b₀), K₀ of size w × <see cref="Features"/>.
/// Classifier: softmax of W Y_N + μ, W of size <see cref="Classes"/> × w.
/// <see cref="Validate"/> checks the combination; <see cref="LayerStepperFactory.Create"/> and
/// the constructors of the network types call it.
/// </remarks>
public sealed record NetworkConfig
{
    /// <summary>The ODE right-hand side.</summary>
    public NetworkKind Kind { get; init; } = NetworkKind.ResNet;

    /// <summary>Single or double layer; only meaningful for <see cref="NetworkKind.ResNet"/>.
    /// </summary>
    public LayerKind Layer { get; init; } = LayerKind.Single;

    /// <summary>The time integrator (one step per layer).</summary>
    public IntegratorKind Integrator { get; init; } = IntegratorKind.ForwardEuler;

    /// <summary>Activation σ of the opening layer and of every residual layer.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Width w: rows of Y (the Hamiltonian state holds 2w rows).</summary>
    public int Width { get; init; } = 8;

    /// <summary>Number of residual layers N (time steps).</summary>
    public int Layers { get; init; } = 32;

    /// <summary>Final time T &gt; 0; the step is h = T/N.</summary>
    public double FinalTime { get; init; } = 1.0;

    /// <summary>Input features per sample (columns of K₀).</summary>
    public int Features { get; init; } = 2;

    /// <summary>Number of classes (rows of W), ≥ 2.</summary>
    public int Classes { get; init; } = 5;

    /// <summary>Damping γ ≥ 0 of <see cref="NetworkKind.Antisymmetric"/>: K − Kᵀ − γI.</summary>
    public double Gamma { get; init; } = 1e-2;

    /// <summary>The fine step h = T/N.</summary>
    public double StepSize => FinalTime / Layers;

    /// <summary>Throws <see cref="InputException"/> if the combination is not valid.</summary>
    /// <exception cref="InputException">Width, layers or features &lt; 1; classes &lt; 2;
    /// T not finite and positive; γ negative or not finite; an enum outside its values;
    /// Verlet with a kind other than Hamiltonian; a double layer with a kind other than ResNet.
    /// </exception>
    public void Validate()
    {
        Require(Enum.IsDefined(Kind), $"unknown network kind {(int)Kind}");
        Require(Enum.IsDefined(Layer), $"unknown layer kind {(int)Layer}");
        Require(Enum.IsDefined(Integrator), $"unknown integrator {(int)Integrator}");
        Require(Enum.IsDefined(Activation), $"unknown activation {(int)Activation}");
        Require(Width >= 1, $"width must be at least 1, got {Width}");
        Require(Layers >= 1, $"layers must be at least 1, got {Layers}");
        Require(Features >= 1, $"features must be at least 1, got {Features}");
        Require(Classes >= 2, $"classes must be at least 2, got {Classes}");
        Require(double.IsFinite(FinalTime) && FinalTime > 0,
            $"final time must be finite and positive, got {FinalTime}");
        Require(double.IsFinite(Gamma) && Gamma >= 0, $"gamma must be finite and ≥ 0, got {Gamma}");
        Require(Integrator != IntegratorKind.Verlet || Kind == NetworkKind.Hamiltonian,
            $"the Verlet integrator needs the Hamiltonian network, not {Kind}");
        Require(Layer == LayerKind.Single || Kind == NetworkKind.ResNet,
            $"a double layer exists only for the ResNet kind, not {Kind}");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InputException(message);
        }
    }
}
