using LayerParallel.Core;

namespace LayerParallel.Networks.Tests;

/// <summary>Configuration validation and the factory's choices.</summary>
public class NetworkConfigTests
{
    public static TheoryData<NetworkConfig> Invalid() => new()
    {
        new NetworkConfig { Width = 0 },
        new NetworkConfig { Layers = 0 },
        new NetworkConfig { Features = 0 },
        new NetworkConfig { Classes = 1 },
        new NetworkConfig { FinalTime = 0 },
        new NetworkConfig { FinalTime = -1 },
        new NetworkConfig { FinalTime = double.NaN },
        new NetworkConfig { Gamma = -0.1 },
        new NetworkConfig { Integrator = IntegratorKind.Verlet },
        new NetworkConfig { Kind = NetworkKind.Antisymmetric, Integrator = IntegratorKind.Verlet },
        new NetworkConfig { Kind = NetworkKind.Hamiltonian, Layer = LayerKind.Double },
        new NetworkConfig { Activation = (Activation)17 },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidCombination_ThrowsInputException(NetworkConfig config)
    {
        Assert.Throws<InputException>(config.Validate);
        Assert.Throws<InputException>(() => LayerStepperFactory.Create(config));
    }

    [Theory]
    [InlineData(NetworkKind.ResNet, LayerKind.Single, IntegratorKind.ForwardEuler, 5, 5, 30)]
    [InlineData(NetworkKind.ResNet, LayerKind.Double, IntegratorKind.RungeKutta4, 5, 5, 55)]
    [InlineData(NetworkKind.Antisymmetric, LayerKind.Single, IntegratorKind.AdamsBashforth3, 5,
        15, 30)]
    [InlineData(NetworkKind.Hamiltonian, LayerKind.Single, IntegratorKind.Verlet, 5, 10, 30)]
    [InlineData(NetworkKind.Hamiltonian, LayerKind.Single, IntegratorKind.AdamsBashforth3, 5, 30,
        30)]
    public void Factory_Sizes(NetworkKind kind, LayerKind layer, IntegratorKind integrator,
        int width, int stateRows, int parameters)
    {
        var stepper = LayerStepperFactory.Create(new NetworkConfig
        {
            Kind = kind, Layer = layer, Integrator = integrator, Width = width,
        });
        Assert.Equal(width, stepper.Width);
        Assert.Equal(stateRows, stepper.StateRows);
        Assert.Equal(parameters, stepper.ParameterCount);
        Assert.Equal(integrator == IntegratorKind.Verlet, stepper.IsReversible);
    }

    [Fact]
    public void StepSize_IsFinalTimeOverLayers()
    {
        Assert.Equal(0.25, new NetworkConfig { FinalTime = 2.0, Layers = 8 }.StepSize);
    }
}
