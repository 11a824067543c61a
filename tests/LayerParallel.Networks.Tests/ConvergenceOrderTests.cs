using LayerParallel.Networks.Layers;

namespace LayerParallel.Networks.Tests;

/// <summary>
/// Observed order of each integrator, p = log₂(e(N)/e(2N)), on smooth tanh problems of width
/// 2 over T = 2, with θ_j = θ(t_j) sampled from a fixed smooth θ(t). The reference is a
/// classic RK4 written here on <see cref="ILayerFunction"/> with θ evaluated at the stage
/// times, 4096 steps (error ~1e-14, far below every e(N) compared).
/// </summary>
/// <remarks>
/// Three properties of the layer maps decide the set-ups (docs/networks.md, "Convergence"):
/// RK4 holds θ_j over a step, so it is fourth order only for constant θ. AB3 starts with an
/// Euler step whose local error h²/2·y''(0) is global, so AB3 is third order only when
/// y''(0) = 0; for y' = σ(K y + b(t)) that holds when b'(0) = −K f(y₀) (P = K y + b is then
/// stationary at t = 0 without being an equilibrium). Verlet's Z_{−1/2} = 0 stands for
/// z(−h/2), which equals the ODE's z(0) = 0 up to O(h²) only when z'(0) = −σ(K y₀ + b) = 0.
/// The generic problems show the reduced orders 2 (AB3) and 1 (Verlet).
/// </remarks>
public class ConvergenceOrderTests
{
    // Asked for: within 0.1 of the theoretical order.
    private const double OrderTolerance = 0.1;

    private const int ReferenceSteps = 4096;
    private const double FinalTime = 2.0;

    private static readonly double[] K = [0.8, -0.6, 0.5, 0.7];
    private static readonly double[] Y0 = [0.3, -0.2];
    private static readonly double[] GenericB = [0.32, 0.1];

    [Theory]
    [InlineData(NetworkKind.ResNet, IntegratorKind.ForwardEuler, 1.0, 128)]
    [InlineData(NetworkKind.ResNet, IntegratorKind.RungeKutta4, 4.0, 32)]
    [InlineData(NetworkKind.Hamiltonian, IntegratorKind.ForwardEuler, 1.0, 128)]
    [InlineData(NetworkKind.Hamiltonian, IntegratorKind.RungeKutta4, 4.0, 32)]
    public void ObservedOrder_ConstantWeights_MatchesTheory(NetworkKind kind,
        IntegratorKind integrator, double order, int steps)
    {
        double observed = ObservedOrder(kind, integrator, _ => [.. K, .. GenericB], steps);
        Assert.InRange(observed, order - OrderTolerance, order + OrderTolerance);
    }

    [Fact]
    public void ObservedOrder_Ab3WithVanishingSecondDerivativeAtStart_IsThree()
    {
        // b(t) = b₀ + b₁ t + b₂ t² with b₁ = −K σ(K y₀ + b₀): P'(0) = 0, hence y''(0) = 0.
        var f0 = MatVec(K, Y0).Select((p, i) => Math.Tanh(p + GenericB[i])).ToArray();
        var b1 = MatVec(K, f0).Select(v => -v).ToArray();
        double[] b2 = [0.7, -0.4];
        double[] Theta(double t) =>
            [.. K, .. GenericB.Select((b, i) => b + (b1[i] * t) + (b2[i] * t * t))];

        double observed = ObservedOrder(NetworkKind.ResNet, IntegratorKind.AdamsBashforth3,
            Theta, 64);
        Assert.InRange(observed, 3.0 - OrderTolerance, 3.0 + OrderTolerance);
    }

    [Fact]
    public void ObservedOrder_Ab3GenericStart_IsTwo()
    {
        double observed = ObservedOrder(NetworkKind.ResNet, IntegratorKind.AdamsBashforth3,
            _ => [.. K, .. GenericB], 256);
        Assert.InRange(observed, 2.0 - OrderTolerance, 2.0 + OrderTolerance);
    }

    [Fact]
    public void ObservedOrder_VerletWithVanishingZSlopeAtStart_IsTwo()
    {
        // b = −K y₀: σ(K y₀ + b) = 0, hence z'(0) = 0.
        double[] b = [.. MatVec(K, Y0).Select(v => -v)];
        double observed = ObservedOrder(NetworkKind.Hamiltonian, IntegratorKind.Verlet,
            _ => [.. K, .. b], 64);
        Assert.InRange(observed, 2.0 - OrderTolerance, 2.0 + OrderTolerance);
    }

    [Fact]
    public void ObservedOrder_VerletGenericStart_IsOne()
    {
        double observed = ObservedOrder(NetworkKind.Hamiltonian, IntegratorKind.Verlet,
            _ => [.. K, .. GenericB], 256);
        Assert.InRange(observed, 1.0 - OrderTolerance, 1.0 + OrderTolerance);
    }

    private static double ObservedOrder(NetworkKind kind, IntegratorKind integrator,
        Func<double, double[]> theta, int steps)
    {
        var reference = Reference(kind, theta);
        double coarse = Error(Integrate(kind, integrator, theta, steps), reference);
        double fine = Error(Integrate(kind, integrator, theta, 2 * steps), reference);
        return Math.Log2(coarse / fine);
    }

    /// <summary>Y_N of the network stepper with θ_j = θ(j h).</summary>
    private static double[] Integrate(NetworkKind kind, IntegratorKind integrator,
        Func<double, double[]> theta, int steps)
    {
        var config = Config(kind, integrator, steps);
        var stepper = LayerStepperFactory.Create(config);
        var u = new double[stepper.StateRows];
        var next = new double[stepper.StateRows];
        var ws = stepper.CreateWorkspace(1);
        double h = config.StepSize;
        stepper.Embed(Y0, u, 1);
        for (int j = 0; j < steps; j++)
        {
            stepper.Forward(j, h, theta(j * h), u, next, default, ws);
            (u, next) = (next, u);
        }

        return u[..2];
    }

    /// <summary>Y(T) by classic RK4 on y' = f(y, θ(t)) with θ at the stage times.</summary>
    private static double[] Reference(NetworkKind kind, Func<double, double[]> theta)
    {
        var f = LayerStepperFactory.CreateLayerFunction(
            Config(kind, IntegratorKind.RungeKutta4, ReferenceSteps));
        int n = f.StateRows;
        var y = new double[n];
        Y0.CopyTo(y, 0);
        var cache = new double[f.CacheRows];
        var scratch = new double[f.ScratchLength(1)];
        double h = FinalTime / ReferenceSteps;
        double[] Rhs(double t, double[] state)
        {
            var r = new double[n];
            f.Evaluate(theta(t), state, 1.0, default, r, cache, scratch, 1);
            return r;
        }

        double[] Shift(double[] a, double c, double[] d) => [.. a.Select((v, i) => v + (c * d[i]))];
        for (int j = 0; j < ReferenceSteps; j++)
        {
            double t = j * h;
            var k1 = Rhs(t, y);
            var k2 = Rhs(t + (h / 2), Shift(y, h / 2, k1));
            var k3 = Rhs(t + (h / 2), Shift(y, h / 2, k2));
            var k4 = Rhs(t + h, Shift(y, h, k3));
            y = [.. y.Select((v, i) => v + (h / 6 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i])))];
        }

        return y[..2];
    }

    private static NetworkConfig Config(NetworkKind kind, IntegratorKind integrator, int steps) =>
        new()
        {
            Kind = kind, Integrator = integrator, Width = 2, Layers = steps, FinalTime = FinalTime,
        };

    private static double Error(double[] y, double[] reference) =>
        Math.Max(Math.Abs(y[0] - reference[0]), Math.Abs(y[1] - reference[1]));

    private static double[] MatVec(double[] m, double[] v) =>
        [(m[0] * v[0]) + (m[1] * v[1]), (m[2] * v[0]) + (m[3] * v[1])];
}
