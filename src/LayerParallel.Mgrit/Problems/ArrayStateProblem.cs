using System.Numerics;
using System.Runtime.CompilerServices;

namespace LayerParallel.Mgrit.Problems;

/// <summary>
/// The vector callbacks shared by problems whose state is an <see cref="ArrayState"/> of fixed
/// length: copies, y ← a·x + b·y entry by entry, the Euclidean norm, and packing as is.
/// </summary>
/// <param name="length">Entries per state.</param>
public abstract class ArrayStateProblem(int length) : IMgritProblem<ArrayState>
{
    /// <summary>Entries per state.</summary>
    public int Length { get; } = length;

    /// <inheritdoc/>
    public int PackedLength => Length;

    /// <inheritdoc/>
    public abstract ArrayState Create(int fineIndex);

    /// <inheritdoc/>
    public abstract void Step(ArrayState u, in StepContext step);

    /// <inheritdoc/>
    public ArrayState Clone(ArrayState x)
    {
        var copy = new ArrayState(Length);
        x.Values.CopyTo(copy.Values, 0);
        return copy;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Copy(ArrayState source, ArrayState destination) =>
        source.Values.CopyTo(destination.Values, 0);

    /// <inheritdoc/>
    /// <remarks>
    /// y_j ← (a·x_j) + (b·y_j), each product and the sum rounded once, a SIMD register of
    /// entries at a time (the same bits as entry by entry: nothing is fused or reordered);
    /// x and y may be the same state.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Sum(double a, ArrayState x, double b, ArrayState y)
    {
        var xs = x.Values.AsSpan();
        var ys = y.Values.AsSpan(0, xs.Length);
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<double>(a);
            var vb = new Vector<double>(b);
            for (; j <= ys.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                var sum = (va * new Vector<double>(xs[j..])) + (vb * new Vector<double>(ys[j..]));
                sum.CopyTo(ys[j..]);
            }
        }

        for (; j < ys.Length; j++)
        {
            ys[j] = (a * xs[j]) + (b * ys[j]);
        }
    }

    /// <inheritdoc/>
    /// <remarks>(Σ_j x_j²)^½, summed in increasing j.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Norm(ArrayState x)
    {
        double sum = 0.0;
        foreach (double value in x.Values)
        {
            sum += value * value;
        }

        return Math.Sqrt(sum);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(ArrayState x, Span<double> buffer) => x.Values.CopyTo(buffer);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Unpack(ReadOnlySpan<double> buffer, ArrayState x) => buffer.CopyTo(x.Values);
}
