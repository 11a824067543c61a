namespace LayerParallel.Cli.Commands;

/// <summary>Placeholder until the command lands.</summary>
public sealed class MpiInfoCommand : ICommand
{
    public string Name => "mpi-info";

    public string Summary => "not yet available";

    public int Run(IReadOnlyList<string> args, CommandContext context) =>
        throw new Core.InputException("command 'mpi-info' is not built yet");
}
