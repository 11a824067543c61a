namespace LayerParallel.Core;

/// <summary>A computation produced NaN or infinity, or a solver diverged, and cannot go on.</summary>
public sealed class NumericalBreakdownException : Exception
{
    public NumericalBreakdownException() { }

    public NumericalBreakdownException(string message) : base(message) { }

    public NumericalBreakdownException(string message, Exception inner) : base(message, inner) { }
}
