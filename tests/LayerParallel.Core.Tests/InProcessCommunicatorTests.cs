using System.Diagnostics;
using LayerParallel.Core.Communication;

namespace LayerParallel.Core.Tests;

/// <summary>
/// The in-process communicator that unit tests of the distributed code rely on: message order,
/// matching by tag, deterministic reductions, and failures that end every rank instead of
/// leaving one waiting.
/// </summary>
public sealed class InProcessCommunicatorTests
{
    private static readonly MessageTag TagA = MessageTag.For(MessageKind.User, channel: 1);
    private static readonly MessageTag TagB = MessageTag.For(MessageKind.User, channel: 2);

    // Failures must surface long before the default 120 s receive timeout.
    private static readonly TimeSpan QuickEnd = TimeSpan.FromSeconds(20);

    [Fact]
    public void Receive_SameSourceAndTag_ArrivesInOrderOfSending()
    {
        var received = InProcessCommunicator.Run(2, c =>
        {
            var buffer = new double[1];
            var order = new List<double>();
            for (int k = 0; k < 5; k++)
            {
                if (c.Rank == 0)
                {
                    buffer[0] = k;
                    c.Send(buffer, 1, TagA);
                }
                else
                {
                    c.Receive(buffer, 0, TagA);
                    order.Add(buffer[0]);
                }
            }

            return order;
        });

        Assert.Equal([0.0, 1, 2, 3, 4], received[1]);
    }

    [Fact]
    public void Receive_MatchesByTag_NotByArrival()
    {
        var received = InProcessCommunicator.Run(2, c =>
        {
            if (c.Rank == 0)
            {
                c.Send([1.0], 1, TagA);
                c.Send([2.0], 1, TagB);
                return (0.0, 0.0);
            }

            var b = new double[1];
            var a = new double[1];
            c.Receive(b, 0, TagB);
            c.Receive(a, 0, TagA);
            return (a[0], b[0]);
        });

        Assert.Equal((1.0, 2.0), received[1]);
    }

    [Fact]
    public void Send_CopiesTheBuffer_SoLaterWritesAreNotSeen()
    {
        var received = InProcessCommunicator.Run(2, c =>
        {
            var buffer = new[] { 7.0, 8.0 };
            if (c.Rank == 0)
            {
                c.Send(buffer, 1, TagA);
                buffer[0] = -1;
                c.Barrier();
            }
            else
            {
                c.Barrier();
                c.Receive(buffer, 0, TagA);
            }

            return buffer;
        });

        Assert.Equal([7.0, 8.0], received[1]);
    }

    [Fact]
    public void ImmediateReceive_CompletesOnlyAfterTheMatchingSend()
    {
        var seen = InProcessCommunicator.Run(2, c =>
        {
            if (c.Rank == 0)
            {
                c.Barrier();
                c.Send([42.0], 1, TagA);
                return (false, 0.0);
            }

            var buffer = new double[1];
            var request = c.ImmediateReceive(buffer, 0, TagA);
            bool doneEarly = request.Test();
            c.Barrier();
            request.Wait();
            return (doneEarly, buffer[0]);
        });

        Assert.Equal((false, 42.0), seen[1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Allreduce_SumAndMax_EqualTheClosedForm(int size)
    {
        var results = InProcessCommunicator.Run(size, c =>
        {
            // Σ_r (r+1)(i+1) = P(P+1)/2 (i+1);  max_r (r − i) = P − 1 − i.
            var sum = new[] { c.Rank + 1.0, 2 * (c.Rank + 1.0) };
            var max = new[] { c.Rank - 0.0, c.Rank - 1.0 };
            c.AllreduceSum(sum);
            c.AllreduceMax(max);
            return (sum, max);
        });

        double s = size * (size + 1) / 2.0;
        foreach (var (sum, max) in results)
        {
            Assert.Equal([s, 2 * s], sum);
            Assert.Equal([size - 1.0, size - 2.0], max);
        }
    }

    [Fact]
    public void AllreduceSum_AddsInRankOrder_SoEveryRankGetsTheSameBits()
    {
        // 1e16 + 1 rounds back to 1e16: the order of the additions decides the result.
        double[] contributions = [1e16, 1.0, 1.0, 1.0];
        double inRankOrder = contributions[0] + contributions[1];
        inRankOrder += contributions[2];
        inRankOrder += contributions[3];

        for (int repeat = 0; repeat < 5; repeat++)
        {
            var results = InProcessCommunicator.Run(4, c =>
            {
                var v = new[] { contributions[c.Rank] };
                c.AllreduceSum(v);
                return v[0];
            });

            Assert.All(results, r => Assert.Equal(inRankOrder, r));
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 0)]
    [InlineData(3, 2)]
    public void Broadcast_CopiesTheRootValuesToEveryRank(int size, int root)
    {
        var results = InProcessCommunicator.Run(size, c =>
        {
            var values = c.Rank == root ? new[] { 3.0, root } : new[] { double.NaN, double.NaN };
            c.Broadcast(values, root);
            return values;
        });

        Assert.All(results, v => Assert.Equal([3.0, root], v));
    }

    [Fact]
    public void Receive_LengthDiffersFromMessage_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => InProcessCommunicator.Run(2, c =>
        {
            if (c.Rank == 0)
            {
                c.Send(new double[3], 1, TagA);
            }
            else
            {
                c.Receive(new double[2], 0, TagA);
            }
        }));

        Assert.Contains("message of 3 doubles", error.Message);
    }

    [Fact]
    public void Send_ToRankOutsideTheWorld_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => InProcessCommunicator.Run(2, c => c.Send([1.0], 2, TagA)));
    }

    [Fact]
    public void ExceptionOnOneRank_ReleasesTheWaitingRanksAndIsRethrown()
    {
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<InvalidOperationException>(() => InProcessCommunicator.Run(3, c =>
        {
            if (c.Rank == 1)
            {
                throw new InvalidOperationException("rank 1 failed");
            }

            c.Receive(new double[1], 1, TagA);
        }));

        Assert.Equal("rank 1 failed", error.Message);
        Assert.True(clock.Elapsed < QuickEnd, $"took {clock.Elapsed}");
    }

    [Fact]
    public void Abort_EndsEveryRankWithCommunicatorAborted()
    {
        var clock = Stopwatch.StartNew();
        var ended = new bool[3];

        Assert.Throws<CommunicatorAbortedException>(() => InProcessCommunicator.Run(3, c =>
        {
            try
            {
                if (c.Rank == 2)
                {
                    c.Abort(5);
                }

                c.Receive(new double[1], 2, TagA);
            }
            catch (CommunicatorAbortedException)
            {
                ended[c.Rank] = true;
                throw;
            }
        }));

        Assert.Equal([true, true, true], ended);
        Assert.True(clock.Elapsed < QuickEnd, $"took {clock.Elapsed}");
    }

    [Fact]
    public void Receive_WithoutSender_TimesOutInsteadOfHanging()
    {
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<TimeoutException>(() => InProcessCommunicator.Run(
            2,
            c =>
            {
                if (c.Rank == 0)
                {
                    c.Receive(new double[1], 1, TagA);
                }
            },
            timeout: TimeSpan.FromMilliseconds(300)));

        Assert.Contains("rank 0 waited", error.Message);
        Assert.True(clock.Elapsed < QuickEnd, $"took {clock.Elapsed}");
    }

    [Fact]
    public void Timeout_OnOneRank_AlsoReleasesRanksWaitingOnIt()
    {
        var clock = Stopwatch.StartNew();

        // Rank 0 waits for rank 1, which waits for a message nobody sends.
        Assert.Throws<TimeoutException>(() => InProcessCommunicator.Run(
            2,
            c => c.Receive(new double[1], 1 - c.Rank, c.Rank == 0 ? TagA : TagB),
            timeout: TimeSpan.FromMilliseconds(300)));

        Assert.True(clock.Elapsed < QuickEnd, $"took {clock.Elapsed}");
    }
}
