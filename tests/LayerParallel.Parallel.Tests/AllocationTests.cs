using LayerParallel.Core.Communication;
using LayerParallel.Networks;
using LayerParallel.Networks.Parameters;

namespace LayerParallel.Parallel.Tests;

public sealed class AllocationTests
{
    /// <summary>
    /// Per-evaluation allocations of a layer-parallel gradient on one rank after warm-up: the
    /// solver results and a few small objects, independent of depth and batch (no per-step
    /// allocation). The bound is a few kilobytes; a per-step allocation of states would be
    /// megabytes here (64 layers × 4 × 50 doubles per state).
    /// </summary>
    [Fact]
    public void Compute_AfterWarmUp_AllocatesOnlyAFewSmallObjects()
    {
        const long Bound = 16 * 1024;
        var config = GradientFixture.Config(NetworkKind.ResNet, IntegratorKind.ForwardEuler, 64);
        var (x, labels) = GradientFixture.Data(config);
        long allocated = InProcessCommunicator.Run(1, comm =>
        {
            var net = new LayerParallelNetwork(config, comm, new LayerParallelOptions());
            var p = GradientFixture.Parameters(config);
            var g = new NetworkParameters(config);
            for (int warm = 0; warm < 3; warm++)
            {
                net.Compute(p, x, labels, g);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            net.Compute(p, x, labels, g);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        })[0];

        Assert.InRange(allocated, 0, Bound);
    }
}
