using LayerParallel.Cli.Commands;
using LayerParallel.Core;

namespace LayerParallel.Cli;

/// <summary>Entry point of <c>layerparallel</c>: picks the subcommand and maps failures to exit codes.</summary>
public static class Program
{
    /// <summary>Exit code for bad input (flags, configuration, data files).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a run that failed for any other reason.</summary>
    public const int RunFailure = 1;

    private static readonly ICommand[] Commands =
    [
        new TrainCommand(),
        new MgritCommand(),
        new MpiInfoCommand(),
    ];

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.WriteLine(Usage());
            return args.Length == 0 ? UsageError : 0;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            return Fail(UsageError, $"unknown command '{args[0]}' (try: layerparallel --help)");
        }

        var context = new CommandContext(Runtime.StartCommunicator);
        try
        {
            return command.Run(args[1..], context);
        }
        catch (InputException e)
        {
            return Fail(UsageError, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            return RunFailure;
        }
        finally
        {
            Runtime.Shutdown();
        }
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }

    private static string Usage() =>
        "usage: layerparallel COMMAND [flags]   (layerparallel COMMAND --help for its flags)\n\ncommands:\n"
        + string.Join("\n", Commands.Select(c => $"  {c.Name,-10} {c.Summary}"));
}
