using LayerParallel.Mgrit.Problems;

namespace LayerParallel.Mgrit.Tests;

public sealed class Heat1DProblemTests
{
    [Fact]
    public void Step_SolvesBackwardEulerSystem()
    {
        var problem = new Heat1DProblem(12, diffusivity: 0.7, initialGuess: 0.0);
        var old = problem.Create(0);
        var u = problem.Clone(old);
        var step = new StepContext(0, 1, 0, 0.0, 0.05);

        problem.Step(u, step);

        // (1 + 2α)u_j − α(u_{j−1} + u_{j+1}) = u_j^old with u = 0 outside; the Thomas solve
        // is exact up to rounding (a few ulps of the O(1) entries).
        double alpha = 0.7 * 0.05 / (problem.Spacing * problem.Spacing);
        var v = u.Values;
        for (int j = 0; j < v.Length; j++)
        {
            double left = j > 0 ? v[j - 1] : 0.0;
            double right = j < v.Length - 1 ? v[j + 1] : 0.0;
            double lhs = ((1 + (2 * alpha)) * v[j]) - (alpha * (left + right));
            Assert.Equal(old.Values[j], lhs, 1e-12);
        }
    }

    [Fact]
    public void Solve_HalvingTheStep_HalvesTheTimeError()
    {
        // With 255 nodes the spatial error (≈ π²Δx²/12 ≈ 1e-5 relative) is far below the
        // backward-Euler error (≈ κ²π⁴Δt·T/2 ≈ 1e-2), so the observed order is the temporal one.
        const int nodes = 255;
        double Error(int steps)
        {
            var options = new MgritOptions
            {
                Steps = steps,
                StopTime = 0.1,
                Tolerance = 1e-13,
                ToleranceKind = ToleranceKind.Absolute,
            };
            var final = TestRuns.Solve(2, () => new Heat1DProblem(nodes), options).States[^1];
            double h = 1.0 / (nodes + 1);
            double decay = Math.Exp(-Math.PI * Math.PI * 0.1);
            return final.Select((x, j) => Math.Abs(x - (decay * Math.Sin(Math.PI * (j + 1) * h))))
                .Max();
        }

        double order = Math.Log2(Error(40) / Error(80));

        Assert.InRange(order, 0.95, 1.05);
    }
}
