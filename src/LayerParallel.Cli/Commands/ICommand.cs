namespace LayerParallel.Cli.Commands;

/// <summary>A subcommand of the <c>layerparallel</c> program.</summary>
public interface ICommand
{
    /// <summary>The word that selects it, e.g. <c>train</c>.</summary>
    string Name { get; }

    /// <summary>One line for the program's help.</summary>
    string Summary { get; }

    /// <summary>
    /// Parses and validates <paramref name="args"/> (throwing <see cref="Core.InputException"/>
    /// before any MPI work when they are bad), runs, and returns the exit code.
    /// </summary>
    int Run(IReadOnlyList<string> args, CommandContext context);
}
