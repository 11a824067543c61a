using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LayerParallel.Networks.Activations;

/// <summary>
/// What a bias-activation row kernel of <see cref="ActivationKernels"/> writes from
/// A = σ(P + b), as a struct type parameter so the JIT specializes the loop per mode.
/// </summary>
internal interface IRowOutput
{
    /// <summary>Writes the four results at offset k from A and the scale s.</summary>
    static abstract void Write(Vector256<double> a, Vector256<double> s, ref double addend,
        ref double result, nuint k);
}

/// <summary>Whether a derivative row kernel also copies v, as a struct type parameter.</summary>
internal interface IRowCopy
{
    /// <summary>Stores the four values of v at offset k to the copy (or does nothing).</summary>
    static abstract void Store(Vector256<double> v, ref double copy, nuint k);
}

/// <summary>Writes nothing: only A is kept.</summary>
internal readonly struct NoOutput : IRowOutput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(Vector256<double> a, Vector256<double> s, ref double addend,
        ref double result, nuint k)
    {
    }
}

/// <summary>result = s·A.</summary>
internal readonly struct ScaleOutput : IRowOutput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(Vector256<double> a, Vector256<double> s, ref double addend,
        ref double result, nuint k) => (s * a).StoreUnsafe(ref result, k);
}

/// <summary>result = addend + s·A (fused multiply-add).</summary>
internal readonly struct AxpyOutput : IRowOutput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(Vector256<double> a, Vector256<double> s, ref double addend,
        ref double result, nuint k) =>
        Vector256.FusedMultiplyAdd(s, a, Vector256.LoadUnsafe(ref addend, k))
            .StoreUnsafe(ref result, k);
}

/// <summary>Does not copy v.</summary>
internal readonly struct NoCopy : IRowCopy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> v, ref double copy, nuint k)
    {
    }
}

/// <summary>copy ← v.</summary>
internal readonly struct CopyV : IRowCopy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> v, ref double copy, nuint k) =>
        v.StoreUnsafe(ref copy, k);
}
