using LayerParallel.Cli.Commands;
using LayerParallel.Core.Communication;

namespace LayerParallel.Cli.Tests;

/// <summary>
/// <see cref="CommandContext"/> with the in-process communicator: lazy start and the
/// one-rank failure path. Runs in the process collection because it redirects the console.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class CommandContextTests
{
    [Fact]
    public void Communicator_StartsOnFirstUseOnly()
    {
        int starts = 0;
        var context = new CommandContext(() =>
        {
            starts++;
            return InProcessCommunicator.Run(1, c => c)[0];
        });

        Assert.False(context.IsParallelStarted);
        var first = context.Communicator;
        var second = context.Communicator;

        Assert.True(context.IsParallelStarted);
        Assert.Same(first, second);
        Assert.Equal(1, starts);
    }

    [Fact]
    public void FailAlone_PrintsTheRankAndReleasesTheRanksWaitingForIt()
    {
        var tag = MessageTag.For(MessageKind.User);
        var stderr = new StringWriter();
        var previous = Console.Error;
        Console.SetError(stderr);
        try
        {
            Assert.Throws<CommunicatorAbortedException>(() => InProcessCommunicator.Run(3, c =>
            {
                var context = new CommandContext(() => c);
                if (context.Communicator.Rank == 2)
                {
                    context.FailAlone(4, "disk full\non this host");
                }

                c.Receive(new double[1], 2, tag);
            }));
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Equal("error: rank 2: disk full on this host", stderr.ToString().Trim());
    }
}
