namespace LayerParallel.Core;

/// <summary>
/// Bad input from the user (flag, configuration, data file). The program prints the message as
/// one line and exits with code 2, without a stack trace.
/// </summary>
public sealed class InputException : Exception
{
    public InputException() { }

    public InputException(string message) : base(message) { }

    public InputException(string message, Exception inner) : base(message, inner) { }
}
