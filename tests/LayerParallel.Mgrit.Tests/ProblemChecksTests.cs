using LayerParallel.Mgrit.Problems;

namespace LayerParallel.Mgrit.Tests;

public sealed class ProblemChecksTests
{
    private static readonly StepContext FirstStep = new(0, 1, 0, 0.0, 0.25);

    [Fact]
    public void Run_TestProblems_PassEveryCheck()
    {
        Assert.Empty(MgritProblemChecks.Run(new DahlquistProblem(), FirstStep));
        Assert.Empty(MgritProblemChecks.Run(new Heat1DProblem(9, initialGuess: 0.3), FirstStep));
        Assert.Empty(MgritProblemChecks.Run(new XBraidHeat1DProblem(37), FirstStep));
        Assert.Empty(MgritProblemChecks.Run(
            new LogisticProblem([1.0, 2.0], [0.1, 0.2], initialGuess: 0.4), FirstStep));
    }

    [Fact]
    public void Run_CloneSharingStorage_IsReported()
    {
        var failures = MgritProblemChecks.Run(new SharedCloneProblem(), FirstStep);

        Assert.Contains("changing Clone(x) changed x", failures);
    }

    [Fact]
    public void Run_SumIgnoringB_IsReported()
    {
        var failures = MgritProblemChecks.Run(new SumIgnoringBProblem(), FirstStep);

        Assert.Contains("Sum(a, x, b, y) is not y ← a·x + b·y entry by entry", failures);
    }

    [Fact]
    public void Run_StepWithHiddenState_IsReportedAsNotDeterministic()
    {
        var failures = MgritProblemChecks.Run(new CountingStepProblem(), FirstStep);

        Assert.Contains("Step is not deterministic: the same input gave different results",
            failures);
    }

    /// <summary>Dahlquist through virtual members, so a test can break one callback.</summary>
    private class DelegatingProblem : IMgritProblem<ArrayState>
    {
        private readonly DahlquistProblem _inner = new(initialGuess: 0.3);

        public int PackedLength => 1;

        public ArrayState Create(int fineIndex) => _inner.Create(fineIndex);

        public virtual ArrayState Clone(ArrayState x) => _inner.Clone(x);

        public void Copy(ArrayState source, ArrayState destination) =>
            _inner.Copy(source, destination);

        public virtual void Sum(double a, ArrayState x, double b, ArrayState y) =>
            _inner.Sum(a, x, b, y);

        public double Norm(ArrayState x) => _inner.Norm(x);

        public virtual void Step(ArrayState u, in StepContext step) => _inner.Step(u, step);

        public void Pack(ArrayState x, Span<double> buffer) => _inner.Pack(x, buffer);

        public void Unpack(ReadOnlySpan<double> buffer, ArrayState x) => _inner.Unpack(buffer, x);
    }

    /// <summary>Clone returns the same object: changing the clone changes the original.</summary>
    private sealed class SharedCloneProblem : DelegatingProblem
    {
        public override ArrayState Clone(ArrayState x) => x;
    }

    /// <summary>Sum computes y ← a·x + y, whatever b is.</summary>
    private sealed class SumIgnoringBProblem : DelegatingProblem
    {
        public override void Sum(double a, ArrayState x, double b, ArrayState y) =>
            y.Values[0] = (a * x.Values[0]) + y.Values[0];
    }

    /// <summary>Step depends on how often it was called.</summary>
    private sealed class CountingStepProblem : DelegatingProblem
    {
        private int _calls;

        public override void Step(ArrayState u, in StepContext step) => u.Values[0] += ++_calls;
    }
}
