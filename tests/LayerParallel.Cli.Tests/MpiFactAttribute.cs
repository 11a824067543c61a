namespace LayerParallel.Cli.Tests;

/// <summary>
/// A fact that needs a working MPICH (<c>mpiexec</c> and <c>libmpich.so.12</c>); it is skipped,
/// with the reason, where <see cref="ProgramRunner.MpiAvailable"/> is false.
/// </summary>
public sealed class MpiFactAttribute : FactAttribute
{
    /// <summary>Marks the test skipped when MPI is absent.</summary>
    public MpiFactAttribute()
    {
        if (!ProgramRunner.MpiAvailable)
        {
            Skip = $"needs MPI: {ProgramRunner.MpiUnavailableReason}";
        }
    }
}
