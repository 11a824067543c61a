namespace LayerParallel.Cli.Tests;

/// <summary>What one run of the <c>layerparallel</c> program left behind.</summary>
/// <param name="ExitCode">The process's exit code (<c>mpiexec</c>'s for a parallel run).</param>
/// <param name="Stdout">Everything written to standard output, by every rank.</param>
/// <param name="Stderr">Everything written to standard error, by the ranks and the launcher.</param>
public sealed record RunResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The non-empty lines of <see cref="Stderr"/>.</summary>
    public IReadOnlyList<string> StderrLines =>
        Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The non-empty lines of <see cref="Stdout"/>.</summary>
    public IReadOnlyList<string> StdoutLines =>
        Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Exit code and both streams, for assertion messages.</summary>
    public override string ToString() =>
        $"exit code {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
