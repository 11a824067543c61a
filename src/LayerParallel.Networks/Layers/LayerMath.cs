using System.Runtime.CompilerServices;

namespace LayerParallel.Networks.Layers;

/// <summary>How the layer functions honour the addend of
/// <see cref="ILayerFunction.VectorJacobian"/>.</summary>
internal static class LayerMath
{
    /// <summary>gradY ← addend unless addend is empty or is gradY itself; returns the β of the
    /// following product (1 when an addend is present, else 0).</summary>
    public static double CopyAddend(ReadOnlySpan<double> addend, Span<double> gradY)
    {
        if (addend.IsEmpty)
        {
            return 0.0;
        }

        if (!IsSame(addend, gradY))
        {
            addend[..gradY.Length].CopyTo(gradY);
        }

        return 1.0;
    }

    /// <summary>As <see cref="CopyAddend"/>, but when the addend is the very span v the copy is
    /// left to the derivative pass, which reads v anyway: <paramref name="copyTarget"/> is then
    /// gradY, else empty.</summary>
    public static double FusedAddend(ReadOnlySpan<double> addend, ReadOnlySpan<double> v,
        Span<double> gradY, out Span<double> copyTarget)
    {
        copyTarget = default;
        if (!addend.IsEmpty && IsSame(addend, v))
        {
            copyTarget = gradY;
            return 1.0;
        }

        return CopyAddend(addend, gradY);
    }

    private static bool IsSame(ReadOnlySpan<double> a, ReadOnlySpan<double> b) =>
        Unsafe.AreSame(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a),
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b));
}
