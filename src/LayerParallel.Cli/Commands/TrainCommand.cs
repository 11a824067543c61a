namespace LayerParallel.Cli.Commands;

/// <summary>Placeholder until the command lands.</summary>
public sealed class TrainCommand : ICommand
{
    public string Name => "train";

    public string Summary => "not yet available";

    public int Run(IReadOnlyList<string> args, CommandContext context) =>
        throw new Core.InputException("command 'train' is not built yet");
}
