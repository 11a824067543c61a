namespace LayerParallel.Mgrit;

/// <summary>
/// The callbacks a time-stepping problem supplies to the MGRIT solver, in the spirit of XBraid's
/// step/init/clone/sum/norm/bufpack/bufunpack. The solver never looks inside a
/// <typeparamref name="TVector"/> and never sees MPI: states cross ranks only as packed doubles.
/// </summary>
/// <typeparam name="TVector">The problem's state type (a reference type the problem owns).</typeparam>
public interface IMgritProblem<TVector> where TVector : class
{
    /// <summary>Number of doubles a packed state occupies (the same for every state).</summary>
    int PackedLength { get; }

    /// <summary>
    /// A new state at fine index <paramref name="fineIndex"/>: the initial condition when the
    /// index is 0, otherwise the initial guess (XBraid's <c>init</c>).
    /// </summary>
    TVector Create(int fineIndex);

    /// <summary>A new, independent copy of <paramref name="x"/>.</summary>
    TVector Clone(TVector x);

    /// <summary>destination ← source.</summary>
    void Copy(TVector source, TVector destination);

    /// <summary>y ← a·x + b·y.</summary>
    /// <remarks>
    /// x and y may be the same state (the solver negates with Sum(0, r, −1, r), as XBraid does).
    /// Computing each entry as <c>(a·x_j) + (b·y_j)</c> matches XBraid's example vectors bit
    /// for bit.
    /// </remarks>
    void Sum(double a, TVector x, double b, TVector y);

    /// <summary>The spatial norm of <paramref name="x"/> (≥ 0; NaN if x holds NaN).</summary>
    double Norm(TVector x);

    /// <summary>
    /// Advances <paramref name="u"/> in place from fine index <c>step.From</c> to <c>step.To</c>
    /// on <c>step.Level</c> (XBraid's <c>step</c>, without the FAS term, which the solver adds).
    /// </summary>
    void Step(TVector u, in StepContext step);

    /// <summary>Writes <paramref name="x"/> into <paramref name="buffer"/> (length <see cref="PackedLength"/>).</summary>
    void Pack(TVector x, Span<double> buffer);

    /// <summary>Reads <paramref name="x"/> from <paramref name="buffer"/>.</summary>
    void Unpack(ReadOnlySpan<double> buffer, TVector x);
}
