using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LayerParallel.Networks.Activations;

/// <summary>
/// Fused element-wise kernels of the layer functions on row-major rows × batch blocks: bias +
/// activation (+ axpy) in one pass, and the scaled derivative product with the bias gradient.
/// Four lanes at a time; every element, the tail of a row included, goes through the same
/// vector code, so results do not depend on the position in the row.
/// </summary>
public static class ActivationKernels
{
    /// <summary>σ(x) for one value (the same arithmetic as the vector kernels).</summary>
    public static double Value(Activation activation, double x) =>
        Map(activation, Vector256.Create(x), Kernel.Value).GetElement(0);

    /// <summary>σ'(x) for one value.</summary>
    public static double Derivative(Activation activation, double x) =>
        Map(activation, Vector256.Create(x), Kernel.Derivative).GetElement(0);

    /// <summary>σ'(x) from the output y = σ(x) (what backpropagation uses): 1 − y² for tanh,
    /// [y &gt; 0] for ReLU, √(y/η) on the quadratic piece of smooth ReLU.</summary>
    public static double DerivativeFromOutput(Activation activation, double y) =>
        Map(activation, Vector256.Create(y), Kernel.DerivativeFromOutput).GetElement(0);

    /// <summary>y ← σ(x) element-wise; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">y is shorter than x.</exception>
    public static void Apply(Activation activation, ReadOnlySpan<double> x, Span<double> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("destination shorter than source", nameof(y));
        }

        switch (activation)
        {
            case Activation.Tanh:
                Apply<TanhOp>(x, y);
                break;
            case Activation.Relu:
                Apply<ReluOp>(x, y);
                break;
            case Activation.SmoothRelu:
                Apply<SmoothReluOp>(x, y);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    /// <summary>
    /// For the rows × batch block <paramref name="values"/> (rows = bias length), in one pass:
    /// A[r,k] = σ(values[r,k] + bias[r]) written back to values; and unless
    /// <paramref name="result"/> is empty, result[r,k] = addend[r,k] + scale·A[r,k] (fused
    /// multiply-add), or scale·A[r,k] when <paramref name="addend"/> is empty.
    /// </summary>
    /// <remarks><paramref name="result"/> may be the very span <paramref name="addend"/>; no
    /// other overlap is allowed.</remarks>
    public static void BiasActivate(Activation activation, Span<double> values,
        ReadOnlySpan<double> bias, int batch, double scale, ReadOnlySpan<double> addend,
        Span<double> result)
    {
        int length = bias.Length * batch;
        CheckLength(values.Length, length, nameof(values));
        if (!result.IsEmpty)
        {
            CheckLength(result.Length, length, nameof(result));
            if (!addend.IsEmpty)
            {
                CheckLength(addend.Length, length, nameof(addend));
            }
        }

        switch (activation)
        {
            case Activation.Tanh:
                BiasActivate<TanhOp>(values, bias, batch, scale, addend, result);
                break;
            case Activation.Relu:
                BiasActivate<ReluOp>(values, bias, batch, scale, addend, result);
                break;
            case Activation.SmoothRelu:
                BiasActivate<SmoothReluOp>(values, bias, batch, scale, addend, result);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    /// <summary>
    /// D[r,k] = scale · v[r,k] · σ'(x[r,k]), with σ' taken from the activation outputs
    /// A = σ(x) (<see cref="DerivativeFromOutput"/>); unless <paramref name="biasGradient"/> is
    /// empty, biasGradient[r] += Σ_k D[r,k]. The block is rows × batch with
    /// rows = <paramref name="rows"/>. Unless <paramref name="copyOfV"/> is empty, it
    /// receives v in the same pass.
    /// </summary>
    /// <remarks><paramref name="d"/> may be the very span <paramref name="v"/>;
    /// <paramref name="copyOfV"/> must not overlap anything else.</remarks>
    public static void DerivativeProduct(Activation activation, ReadOnlySpan<double> outputs,
        ReadOnlySpan<double> v, double scale, Span<double> d, Span<double> biasGradient,
        int rows, int batch, Span<double> copyOfV = default)
    {
        int length = rows * batch;
        CheckLength(outputs.Length, length, nameof(outputs));
        CheckLength(v.Length, length, nameof(v));
        CheckLength(d.Length, length, nameof(d));
        if (!biasGradient.IsEmpty)
        {
            CheckLength(biasGradient.Length, rows, nameof(biasGradient));
        }

        if (!copyOfV.IsEmpty)
        {
            CheckLength(copyOfV.Length, length, nameof(copyOfV));
        }

        switch (activation)
        {
            case Activation.Tanh:
                DerivativeProduct<TanhOp>(outputs, v, scale, d, biasGradient, rows, batch,
                    copyOfV);
                break;
            case Activation.Relu:
                DerivativeProduct<ReluOp>(outputs, v, scale, d, biasGradient, rows, batch,
                    copyOfV);
                break;
            case Activation.SmoothRelu:
                DerivativeProduct<SmoothReluOp>(outputs, v, scale, d, biasGradient, rows, batch,
                    copyOfV);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Apply<TOp>(ReadOnlySpan<double> x, Span<double> y)
        where TOp : struct, IActivationOp
    {
        int full = x.Length & ~3;
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        for (int i = 0; i < full; i += 4)
        {
            TOp.Value(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }

        if (full < x.Length)
        {
            StoreTail(TOp.Value(LoadTail(x[full..])), y[full..x.Length]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BiasActivate<TOp>(Span<double> values, ReadOnlySpan<double> bias,
        int batch, double scale, ReadOnlySpan<double> addend, Span<double> result)
        where TOp : struct, IActivationOp
    {
        bool write = !result.IsEmpty;
        bool add = write && !addend.IsEmpty;
        var s = Vector256.Create(scale);
        int full = batch & ~3;
        int rest = batch - full;
        ref double val = ref MemoryMarshal.GetReference(values);
        ref double res = ref MemoryMarshal.GetReference(result);
        ref double adn = ref MemoryMarshal.GetReference(addend);
        for (int r = 0; r < bias.Length; r++)
        {
            var b = Vector256.Create(bias[r]);
            int row = r * batch;
            ref double p = ref Unsafe.Add(ref val, row);
            ref double resRow = ref Unsafe.Add(ref res, row);
            ref double adnRow = ref Unsafe.Add(ref adn, row);
            if (add)
            {
                ActivateRow<TOp, AxpyOutput>(ref p, ref adnRow, ref resRow, full, b, s);
            }
            else if (write)
            {
                ActivateRow<TOp, ScaleOutput>(ref p, ref adnRow, ref resRow, full, b, s);
            }
            else
            {
                ActivateRow<TOp, NoOutput>(ref p, ref adnRow, ref resRow, full, b, s);
            }

            if (rest > 0)
            {
                int at = row + full;
                var a = TOp.Value(LoadTail(values.Slice(at, rest)) + b);
                StoreTail(a, values.Slice(at, rest));
                if (write)
                {
                    var o = add
                        ? Vector256.FusedMultiplyAdd(s, a, LoadTail(addend.Slice(at, rest)))
                        : s * a;
                    StoreTail(o, result.Slice(at, rest));
                }
            }
        }
    }

    // A = σ(P + b) in place over `count` (a multiple of 4) doubles, and TOut writes the
    // result from A (nothing, s·A or addend + s·A).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ActivateRow<TOp, TOut>(ref double p, ref double addend,
        ref double result, int count, Vector256<double> b, Vector256<double> s)
        where TOp : struct, IActivationOp
        where TOut : struct, IRowOutput
    {
        nuint n = (nuint)count;
        nuint k = 0;
        for (; k + 8 <= n; k += 8)
        {
            // Two independent vectors per iteration: the polynomial chains overlap.
            var a0 = TOp.Value(Vector256.LoadUnsafe(ref p, k) + b);
            var a1 = TOp.Value(Vector256.LoadUnsafe(ref p, k + 4) + b);
            a0.StoreUnsafe(ref p, k);
            a1.StoreUnsafe(ref p, k + 4);
            TOut.Write(a0, s, ref addend, ref result, k);
            TOut.Write(a1, s, ref addend, ref result, k + 4);
        }

        if (k < n)
        {
            var a = TOp.Value(Vector256.LoadUnsafe(ref p, k) + b);
            a.StoreUnsafe(ref p, k);
            TOut.Write(a, s, ref addend, ref result, k);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DerivativeProduct<TOp>(ReadOnlySpan<double> outputs,
        ReadOnlySpan<double> v, double scale, Span<double> d, Span<double> biasGradient,
        int rows, int batch, Span<double> copyOfV)
        where TOp : struct, IActivationOp
    {
        bool copy = !copyOfV.IsEmpty;
        var s = Vector256.Create(scale);
        int full = batch & ~3;
        int rest = batch - full;
        ref double outs = ref MemoryMarshal.GetReference(outputs);
        ref double vin = ref MemoryMarshal.GetReference(v);
        ref double dout = ref MemoryMarshal.GetReference(d);
        ref double cout = ref MemoryMarshal.GetReference(copyOfV);
        for (int r = 0; r < rows; r++)
        {
            int row = r * batch;
            ref double a = ref Unsafe.Add(ref outs, row);
            ref double vr = ref Unsafe.Add(ref vin, row);
            ref double dr = ref Unsafe.Add(ref dout, row);
            ref double cr = ref Unsafe.Add(ref cout, row);
            var acc = copy
                ? DerivativeRow<TOp, CopyV>(ref a, ref vr, ref dr, ref cr, full, s)
                : DerivativeRow<TOp, NoCopy>(ref a, ref vr, ref dr, ref cr, full, s);
            if (rest > 0)
            {
                int at = row + full;
                if (copy)
                {
                    v.Slice(at, rest).CopyTo(copyOfV.Slice(at, rest));
                }

                // Lanes past the row end hold scale·0·σ'(0) = 0, so they add nothing.
                var slope = TOp.DerivativeFromOutput(LoadTail(outputs.Slice(at, rest)));
                var x = s * LoadTail(v.Slice(at, rest)) * slope;
                StoreTail(x, d.Slice(at, rest));
                acc += x;
            }

            if (!biasGradient.IsEmpty)
            {
                biasGradient[r] += Vector256.Sum(acc);
            }
        }
    }

    // D = s·v ⊙ σ'(A) over `count` (a multiple of 4) doubles, and TCopy stores v to copy
    // (or not); returns the lane sums of D.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector256<double> DerivativeRow<TOp, TCopy>(ref double outputs, ref double v,
        ref double d, ref double copy, int count, Vector256<double> s)
        where TOp : struct, IActivationOp
        where TCopy : struct, IRowCopy
    {
        var acc0 = Vector256<double>.Zero;
        var acc1 = Vector256<double>.Zero;
        nuint n = (nuint)count;
        nuint k = 0;
        for (; k + 8 <= n; k += 8)
        {
            var v0 = Vector256.LoadUnsafe(ref v, k);
            var v1 = Vector256.LoadUnsafe(ref v, k + 4);
            TCopy.Store(v0, ref copy, k);
            TCopy.Store(v1, ref copy, k + 4);
            var x0 = s * v0 * TOp.DerivativeFromOutput(Vector256.LoadUnsafe(ref outputs, k));
            var x1 = s * v1 * TOp.DerivativeFromOutput(Vector256.LoadUnsafe(ref outputs, k + 4));
            x0.StoreUnsafe(ref d, k);
            x1.StoreUnsafe(ref d, k + 4);
            acc0 += x0;
            acc1 += x1;
        }

        if (k < n)
        {
            var v0 = Vector256.LoadUnsafe(ref v, k);
            TCopy.Store(v0, ref copy, k);
            var x = s * v0 * TOp.DerivativeFromOutput(Vector256.LoadUnsafe(ref outputs, k));
            x.StoreUnsafe(ref d, k);
            acc0 += x;
        }

        return acc0 + acc1;
    }

    // The last 1–3 doubles of a row as a vector, zero-padded.
    private static Vector256<double> LoadTail(ReadOnlySpan<double> source) =>
        Vector256.Create(source[0], source.Length > 1 ? source[1] : 0.0,
            source.Length > 2 ? source[2] : 0.0, 0.0);

    private static void StoreTail(Vector256<double> value, Span<double> dest)
    {
        for (int i = 0; i < dest.Length; i++)
        {
            dest[i] = value.GetElement(i);
        }
    }

    private static Vector256<double> Map(Activation activation, Vector256<double> x, Kernel kernel)
    {
        return activation switch
        {
            Activation.Tanh => Map<TanhOp>(x, kernel),
            Activation.Relu => Map<ReluOp>(x, kernel),
            Activation.SmoothRelu => Map<SmoothReluOp>(x, kernel),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
        };
    }

    private static Vector256<double> Map<TOp>(Vector256<double> x, Kernel kernel)
        where TOp : struct, IActivationOp => kernel switch
        {
            Kernel.Value => TOp.Value(x),
            Kernel.Derivative => TOp.Derivative(x),
            _ => TOp.DerivativeFromOutput(x),
        };

    private static void CheckLength(int actual, int needed, string name)
    {
        if (actual < needed)
        {
            throw new ArgumentException($"{name} holds {actual} doubles, {needed} needed", name);
        }
    }

    private enum Kernel
    {
        Value,
        Derivative,
        DerivativeFromOutput,
    }
}
