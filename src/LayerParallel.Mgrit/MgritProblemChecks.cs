namespace LayerParallel.Mgrit;

/// <summary>
/// Conformance checks of an <see cref="IMgritProblem{TVector}"/>'s callbacks, in the spirit of
/// XBraid's <c>braid_TestAll</c>: run them on a new problem before solving with it.
/// </summary>
/// <remarks>
/// The checks read states through <see cref="IMgritProblem{TVector}.Pack"/>, so they assume
/// the packed doubles are the state's entries and <c>Sum</c> acts on them entry by entry. They
/// are local: no communication.
/// </remarks>
public static class MgritProblemChecks
{
    /// <summary>
    /// Runs every check with states created at <c>step.From</c> and <c>step.To</c> and one
    /// step of <paramref name="step"/>; returns one message per failed check (empty if all pass).
    /// </summary>
    /// <remarks>
    /// Checked: Create gives states of PackedLength doubles; Clone and Copy reproduce a state
    /// bit for bit and stay independent of it; Sum computes a·x + b·y exactly (with the
    /// products and the sum rounded once each) and allows x and y to be one state; Norm is
    /// finite, non-negative, zero at zero and absolutely homogeneous; Pack then Unpack
    /// restores a state bit for bit; Step is deterministic (the same input gives the same
    /// bits — required for identical results on any number of ranks).
    /// </remarks>
    public static IReadOnlyList<string> Run<TVector>(
        IMgritProblem<TVector> problem, in StepContext step)
        where TVector : class
    {
        ArgumentNullException.ThrowIfNull(problem);
        var failures = new List<string>();
        if (problem.PackedLength < 1)
        {
            return [$"PackedLength is {problem.PackedLength}; it must be positive"];
        }

        var x = problem.Create(step.From);
        var y = problem.Create(step.To);
        CheckCloneAndCopy(problem, x, failures);
        CheckSum(problem, x, y, failures);
        CheckNorm(problem, x, failures);
        CheckStep(problem, x, step, failures);
        return failures;
    }

    private static void CheckCloneAndCopy<TVector>(
        IMgritProblem<TVector> problem, TVector x, List<string> failures)
        where TVector : class
    {
        var original = Packed(problem, x);
        var clone = problem.Clone(x);
        Expect(SameBits(Packed(problem, clone), original), "Clone(x) differs from x", failures);
        problem.Sum(0.0, clone, 0.0, clone);
        Expect(SameBits(Packed(problem, x), original), "changing Clone(x) changed x", failures);

        problem.Copy(x, clone);
        Expect(SameBits(Packed(problem, clone), original), "Copy(x, y) left y unlike x", failures);

        var roundTrip = problem.Clone(x);
        problem.Sum(0.0, roundTrip, 0.0, roundTrip);
        problem.Unpack(original, roundTrip);
        Expect(SameBits(Packed(problem, roundTrip), original),
            "Unpack(Pack(x)) does not restore x", failures);
    }

    private static void CheckSum<TVector>(
        IMgritProblem<TVector> problem, TVector x, TVector y, List<string> failures)
        where TVector : class
    {
        const double a = 0.75;
        const double b = -1.25;
        var xs = Packed(problem, x);
        var ys = Packed(problem, y);
        var result = problem.Clone(y);
        problem.Sum(a, x, b, result);
        var expected = xs.Zip(ys, (xj, yj) => (a * xj) + (b * yj)).ToArray();
        Expect(SameBits(Packed(problem, result), expected),
            "Sum(a, x, b, y) is not y ← a·x + b·y entry by entry", failures);

        var negated = problem.Clone(x);
        problem.Sum(0.0, negated, -1.0, negated);
        Expect(SameBits(Packed(problem, negated), xs.Select(v => (0.0 * v) - v).ToArray()),
            "Sum(0, x, −1, x) with x and y one state is not −x", failures);
    }

    private static void CheckNorm<TVector>(
        IMgritProblem<TVector> problem, TVector x, List<string> failures)
        where TVector : class
    {
        // Homogeneity holds only up to rounding: a relative slack of a few ulps per entry.
        const double relativeSlack = 1e-13;
        double norm = problem.Norm(x);
        Expect(double.IsFinite(norm) && norm >= 0, $"Norm(x) = {norm} is not finite and ≥ 0",
            failures);
        var scaled = problem.Clone(x);
        problem.Sum(0.0, scaled, -3.0, scaled);
        double scaledNorm = problem.Norm(scaled);
        Expect(Math.Abs(scaledNorm - (3.0 * norm)) <= relativeSlack * 3.0 * norm,
            $"Norm(−3x) = {scaledNorm}, expected 3·Norm(x) = {3.0 * norm}", failures);
        problem.Sum(0.0, scaled, 0.0, scaled);
        Expect(problem.Norm(scaled) == 0.0, "Norm(0) is not 0", failures);
    }

    private static void CheckStep<TVector>(
        IMgritProblem<TVector> problem, TVector x, in StepContext step, List<string> failures)
        where TVector : class
    {
        var first = problem.Clone(x);
        var second = problem.Clone(x);
        problem.Step(first, step);
        problem.Step(second, step);
        var firstBits = Packed(problem, first);
        Expect(SameBits(firstBits, Packed(problem, second)),
            "Step is not deterministic: the same input gave different results", failures);
        Expect(firstBits.All(double.IsFinite), "Step produced NaN or infinity", failures);
    }

    private static double[] Packed<TVector>(IMgritProblem<TVector> problem, TVector x)
        where TVector : class
    {
        var buffer = new double[problem.PackedLength];
        problem.Pack(x, buffer);
        return buffer;
    }

    private static bool SameBits(double[] left, double[] right) =>
        left.Length == right.Length
        && left.Zip(right).All(p => BitConverter.DoubleToInt64Bits(p.First)
            == BitConverter.DoubleToInt64Bits(p.Second));

    private static void Expect(bool condition, string message, List<string> failures)
    {
        if (!condition)
        {
            failures.Add(message);
        }
    }
}
