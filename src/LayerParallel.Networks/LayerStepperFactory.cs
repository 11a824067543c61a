using LayerParallel.Core;
using LayerParallel.Networks.Integrators;
using LayerParallel.Networks.Layers;

namespace LayerParallel.Networks;

/// <summary>Builds the layer function and the one-step map of a
/// <see cref="NetworkConfig"/>.</summary>
public static class LayerStepperFactory
{
    /// <summary>The stepper Φ_j of <paramref name="config"/> (stateless; share it freely).</summary>
    /// <exception cref="InputException">The configuration is not valid
    /// (<see cref="NetworkConfig.Validate"/>).</exception>
    public static ILayerStepper Create(NetworkConfig config)
    {
        var function = CreateLayerFunction(config);
        return config.Integrator switch
        {
            IntegratorKind.ForwardEuler => new ForwardEulerStepper(function),
            IntegratorKind.RungeKutta4 => new RungeKutta4Stepper(function),
            IntegratorKind.AdamsBashforth3 => new AdamsBashforth3Stepper(function),
            IntegratorKind.Verlet => new VerletStepper((HamiltonianLayer)function),
            _ => throw new InputException($"unknown integrator {config.Integrator}"),
        };
    }

    /// <summary>The right-hand side f(y, θ) of <paramref name="config"/>.</summary>
    /// <exception cref="InputException">The configuration is not valid.</exception>
    public static ILayerFunction CreateLayerFunction(NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return config.Kind switch
        {
            NetworkKind.ResNet when config.Layer == LayerKind.Double =>
                new DoubleLayer(config.Width, config.Activation),
            NetworkKind.ResNet => new SingleLayer(config.Width, config.Activation),
            NetworkKind.Antisymmetric =>
                new AntisymmetricLayer(config.Width, config.Activation, config.Gamma),
            NetworkKind.Hamiltonian => new HamiltonianLayer(config.Width, config.Activation),
            _ => throw new InputException($"unknown network kind {config.Kind}"),
        };
    }

    /// <summary>Doubles in one θ_j: w² + w, or 2w² + w for the double layer.</summary>
    /// <exception cref="InputException">The configuration is not valid.</exception>
    public static int LayerParameterCount(NetworkConfig config) =>
        CreateLayerFunction(config).ParameterCount;
}
