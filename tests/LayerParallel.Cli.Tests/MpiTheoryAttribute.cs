namespace LayerParallel.Cli.Tests;

/// <summary>
/// A theory that needs a working MPICH; skipped, with the reason, where
/// <see cref="ProgramRunner.MpiAvailable"/> is false.
/// </summary>
public sealed class MpiTheoryAttribute : TheoryAttribute
{
    /// <summary>Marks the test skipped when MPI is absent.</summary>
    public MpiTheoryAttribute()
    {
        if (!ProgramRunner.MpiAvailable)
        {
            Skip = $"needs MPI: {ProgramRunner.MpiUnavailableReason}";
        }
    }
}
