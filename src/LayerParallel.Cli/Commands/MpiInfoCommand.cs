using System.Globalization;
using LayerParallel.Cli.Options;
using LayerParallel.Core.Communication;
using LayerParallel.Mpi;

namespace LayerParallel.Cli.Commands;

/// <summary>
/// <c>layerparallel mpi-info</c>: starts MPI and prints, from rank 0, the MPI library, the
/// number of ranks, and every rank's processor name and process id. The quickest check that
/// <c>mpiexec -n P</c> reaches every rank.
/// </summary>
public sealed class MpiInfoCommand : ICommand
{
    // One message per rank: [name length, process id, name characters...].
    private const int NameCapacity = 256;
    private const int HeaderSlots = 2;

    private static readonly OptionSpec[] Specs =
    [
        new("help", null, null, "show this help"),
    ];

    /// <inheritdoc/>
    public string Name => "mpi-info";

    /// <inheritdoc/>
    public string Summary => "show the MPI library, the ranks and their hosts";

    /// <inheritdoc/>
    public int Run(IReadOnlyList<string> args, CommandContext context)
    {
        var options = ParsedOptions.Parse(args, Specs);
        if (options.GetSwitch("help"))
        {
            if (CommandContext.LauncherRank == 0)
            {
                Console.WriteLine(ParsedOptions.Help("layerparallel mpi-info", Summary, Specs));
            }

            return 0;
        }

        var library = MpiRuntime.LibraryVersion();
        var comm = context.Communicator;
        var mine = Encode(MpiRuntime.ProcessorName(), Environment.ProcessId);
        var tag = MessageTag.For(MessageKind.Control);
        if (comm.Rank != 0)
        {
            comm.Send(mine, 0, tag);
            return 0;
        }

        Console.WriteLine($"MPI library: {library}");
        Console.WriteLine($"ranks: {comm.Size}");
        Console.WriteLine(Describe(0, mine));
        var incoming = new double[mine.Length];
        for (int rank = 1; rank < comm.Size; rank++)
        {
            comm.Receive(incoming, rank, tag);
            Console.WriteLine(Describe(rank, incoming));
        }

        return 0;
    }

    private static double[] Encode(string name, int processId)
    {
        var message = new double[HeaderSlots + NameCapacity];
        int length = Math.Min(name.Length, NameCapacity);
        message[0] = length;
        message[1] = processId;
        for (int i = 0; i < length; i++)
        {
            message[HeaderSlots + i] = name[i];
        }

        return message;
    }

    private static string Describe(int rank, double[] message)
    {
        int length = (int)message[0];
        var name = new char[length];
        for (int i = 0; i < length; i++)
        {
            name[i] = (char)message[HeaderSlots + i];
        }

        var pid = ((int)message[1]).ToString(CultureInfo.InvariantCulture);
        return $"rank {rank}: {new string(name)} (pid {pid})";
    }
}
