namespace LayerParallel.Cli.Commands;

/// <summary>Placeholder until the command lands.</summary>
public sealed class MgritCommand : ICommand
{
    public string Name => "mgrit";

    public string Summary => "not yet available";

    public int Run(IReadOnlyList<string> args, CommandContext context) =>
        throw new Core.InputException("command 'mgrit' is not built yet");
}
