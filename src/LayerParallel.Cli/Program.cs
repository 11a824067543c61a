using LayerParallel.Cli.Commands;
using LayerParallel.Core;
using LayerParallel.Mpi;

namespace LayerParallel.Cli;

/// <summary>
/// Entry point of <c>layerparallel</c>: picks the subcommand, starts nothing itself (MPI starts
/// when a command first asks for the communicator), and maps every failure to one
/// <c>error:</c> line and an exit code through <see cref="Runtime"/>.
/// </summary>
public static class Program
{
    /// <summary>Exit code for bad input (flags, configuration, data files, missing MPI).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a run that failed for any other reason.</summary>
    public const int RunFailure = 1;

    private static readonly ICommand[] Commands =
    [
        new TrainCommand(),
        new MgritCommand(),
        new MpiInfoCommand(),
        new GradientCheckCommand(),
    ];

    // Diagnostic commands: they work like the others but are listed apart in the help.
    private static readonly ICommand[] Diagnostics =
    [
        new SelfTestCommand(),
    ];

    /// <summary>Runs <c>layerparallel COMMAND [flags]</c>; returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        bool verbose = args.Contains("--verbose") || Runtime.DebugRequested;
        MpiRuntime.ShowNativeDiagnostics = Runtime.DebugRequested;
        AppDomain.CurrentDomain.UnhandledException +=
            (_, e) => Runtime.OnUnhandled(e.ExceptionObject, verbose);
        try
        {
            int code = Dispatch(args);
            Runtime.Shutdown();
            return code;
        }
        catch (InputException e)
        {
            return Runtime.OnInputError(e, verbose);
        }
        catch (NumericalBreakdownException e)
        {
            return Runtime.OnCollectiveError(e, RunFailure, verbose);
        }
        catch (Exception e)
        {
            return Runtime.OnFailure(e, verbose);
        }
    }

    private static int Dispatch(string[] args)
    {
        if (args.Length == 0)
        {
            WriteOnRankZero(Console.Error, Usage());
            return UsageError;
        }

        if (args[0] is "--help" or "-h" or "help")
        {
            WriteOnRankZero(Console.Out, Usage());
            return 0;
        }

        var command = Commands.Concat(Diagnostics).FirstOrDefault(c => c.Name == args[0])
            ?? throw new InputException($"unknown command '{args[0]}' (try: layerparallel --help)");
        return command.Run(args[1..], new CommandContext(Runtime.StartCommunicator));
    }

    private static void WriteOnRankZero(TextWriter writer, string text)
    {
        if (CommandContext.LauncherRank == 0)
        {
            writer.WriteLine(text);
        }
    }

    private static string Usage() =>
        "usage: layerparallel COMMAND [flags]   (layerparallel COMMAND --help for its flags)\n"
        + "       mpiexec -n P layerparallel COMMAND [flags]   (P ranks)\n\ncommands:\n"
        + string.Join("\n", Commands.Select(c => $"  {c.Name,-10} {c.Summary}"))
        + "\n\ndiagnostics:\n"
        + string.Join("\n", Diagnostics.Select(c => $"  {c.Name,-10} {c.Summary}"));
}
