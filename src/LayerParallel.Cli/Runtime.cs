using LayerParallel.Core.Communication;

namespace LayerParallel.Cli;

/// <summary>Starts and stops the process's parallel runtime (placeholder: one virtual rank).</summary>
internal static class Runtime
{
    public static ICommunicator StartCommunicator() =>
        throw new NotSupportedException("MPI runtime not wired yet");

    public static void Shutdown() { }
}
