using System.Runtime.Intrinsics;

namespace LayerParallel.Networks.Activations;

/// <summary>σ(x) = max(0, x); σ'(x) = [x &gt; 0]; from the output σ' = [y &gt; 0].</summary>
internal readonly struct ReluOp : IActivationOp
{
    public static Vector256<double> Value(Vector256<double> x)
    {
        // NaN stays NaN: select x where x is not ≤ 0.
        var nonPositive = Vector256.LessThanOrEqual(x, Vector256<double>.Zero);
        return Vector256.ConditionalSelect(nonPositive, Vector256<double>.Zero, x);
    }

    public static Vector256<double> Derivative(Vector256<double> x) =>
        Vector256.ConditionalSelect(
            Vector256.GreaterThan(x, Vector256<double>.Zero), Vector256<double>.One,
            Vector256<double>.Zero);

    public static Vector256<double> DerivativeFromOutput(Vector256<double> y) => Derivative(y);
}
