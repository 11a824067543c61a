using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LayerParallel.Networks.Integrators;

/// <summary>Element-wise vector combinations of the integrators (four lanes, fused).</summary>
/// <remarks>Destinations may be the very span of an input; no other overlap is allowed.
/// Each element is computed with one fused multiply-add, in vector lanes or in the tail, so
/// the result is the same as the fused axpy of <see cref="Activations.ActivationKernels"/>.
/// </remarks>
internal static class VectorOps
{
    /// <summary>dest ← a·x + y (fused).</summary>
    public static void MultiplyAdd(double a, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        Span<double> dest)
    {
        int n = dest.Length;
        Check(x.Length, n);
        Check(y.Length, n);
        var av = Vector256.Create(a);
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        ref double dr = ref MemoryMarshal.GetReference(dest);
        int i = 0;
        for (; i <= n - 4; i += 4)
        {
            Vector256.FusedMultiplyAdd(av, Vector256.LoadUnsafe(ref xr, (nuint)i),
                Vector256.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        }

        for (; i < n; i++)
        {
            dest[i] = Math.FusedMultiplyAdd(a, x[i], y[i]);
        }
    }

    /// <summary>dest ← a·x + b·y.</summary>
    public static void Combine(double a, ReadOnlySpan<double> x, double b, ReadOnlySpan<double> y,
        Span<double> dest)
    {
        int n = dest.Length;
        Check(x.Length, n);
        Check(y.Length, n);
        var av = Vector256.Create(a);
        var bv = Vector256.Create(b);
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        ref double dr = ref MemoryMarshal.GetReference(dest);
        int i = 0;
        for (; i <= n - 4; i += 4)
        {
            Vector256.FusedMultiplyAdd(av, Vector256.LoadUnsafe(ref xr, (nuint)i),
                bv * Vector256.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        }

        for (; i < n; i++)
        {
            dest[i] = Math.FusedMultiplyAdd(a, x[i], b * y[i]);
        }
    }

    /// <summary>dest ← dest + x.</summary>
    public static void Add(ReadOnlySpan<double> x, Span<double> dest) =>
        MultiplyAdd(1.0, x, dest, dest);

    /// <summary>dest ← a·x.</summary>
    public static void Scale(double a, ReadOnlySpan<double> x, Span<double> dest)
    {
        int n = dest.Length;
        Check(x.Length, n);
        for (int i = 0; i < n; i++)
        {
            dest[i] = a * x[i];
        }
    }

    private static void Check(int length, int needed)
    {
        if (length < needed)
        {
            throw new ArgumentException($"operand holds {length} doubles, {needed} needed");
        }
    }
}
