using System.Runtime.Intrinsics;

namespace LayerParallel.Networks.Activations;

/// <summary>
/// C¹ quadratic smoothing of ReLU with half-width η: σ(x) = 0 (x ≤ −η), (x + η)²/(4η)
/// (|x| &lt; η), x (x ≥ η). σ'(x) = 0, (x + η)/(2η), 1. On the quadratic piece the output is
/// y ∈ (0, η) and x + η = 2√(η y), so σ' = √(y/η) there, 0 for y ≤ 0 and 1 for y ≥ η.
/// </summary>
internal readonly struct SmoothReluOp : IActivationOp
{
    /// <summary>Half-width η of the quadratic piece.</summary>
    public const double Eta = 0.1;

    public static Vector256<double> Value(Vector256<double> x)
    {
        var eta = Vector256.Create(Eta);
        var shifted = x + eta;
        var quadratic = shifted * shifted * Vector256.Create(0.25 / Eta);
        var result = Vector256.ConditionalSelect(
            Vector256.LessThanOrEqual(x, -eta), Vector256<double>.Zero, quadratic);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, eta), x, result);
    }

    public static Vector256<double> Derivative(Vector256<double> x)
    {
        var eta = Vector256.Create(Eta);
        var slope = (x + eta) * Vector256.Create(0.5 / Eta);
        var result = Vector256.ConditionalSelect(
            Vector256.LessThanOrEqual(x, -eta), Vector256<double>.Zero, slope);
        return Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(x, eta), Vector256<double>.One, result);
    }

    public static Vector256<double> DerivativeFromOutput(Vector256<double> y)
    {
        var eta = Vector256.Create(Eta);
        var ratio = Vector256.Max(y, Vector256<double>.Zero) * Vector256.Create(1.0 / Eta);
        var root = Vector256.Sqrt(ratio);
        var result = Vector256.ConditionalSelect(
            Vector256.LessThanOrEqual(y, Vector256<double>.Zero), Vector256<double>.Zero, root);
        return Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(y, eta), Vector256<double>.One, result);
    }
}
