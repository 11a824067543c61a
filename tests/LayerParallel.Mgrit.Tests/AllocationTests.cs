using LayerParallel.Core.Communication;
using LayerParallel.Mgrit.Problems;

namespace LayerParallel.Mgrit.Tests;

public sealed class AllocationTests
{
    [Fact]
    public void Solve_MoreIterations_AllocatesNothingPerStep()
    {
        // 128 steps, 4 levels: a few hundred Step calls per iteration. One allocation of even
        // 24 bytes per step would add tens of kilobytes over 10 extra iterations; the budget
        // covers only the result's longer residual list (10 × 16 bytes) and its boxing.
        const long budget = 2048;
        var options = new MgritOptions
        {
            Steps = 128,
            StopTime = 1.0,
            MaxLevels = 4,
            Tolerance = 0.0,
            ToleranceKind = ToleranceKind.Absolute,
        };

        long[] bytes = InProcessCommunicator.Run(1, comm =>
        {
            long Measure(int iterations)
            {
                var solver = new MgritSolver<ArrayState>(new Heat1DProblem(16), comm,
                    options with { MaxIterations = iterations });
                solver.Solve();
                long before = GC.GetAllocatedBytesForCurrentThread();
                solver.Solve();
                return GC.GetAllocatedBytesForCurrentThread() - before;
            }

            return Measure(20) - Measure(10);
        });

        Assert.True(bytes[0] < budget, $"10 more iterations allocated {bytes[0]} bytes");
    }
}
