using LayerParallel.Core.Communication;
using LayerParallel.Mgrit.Problems;
using Serilog;

namespace LayerParallel.Mgrit.Tests;

/// <summary>What one solve on P virtual ranks produced.</summary>
/// <param name="Results">Each rank's result.</param>
/// <param name="States">Every fine state u_i after the solve, gathered from all ranks by
/// Access; all null after a diverged solve, whose states Access refuses.</param>
internal sealed record RunOutcome(MgritResult[] Results, double[][] States)
{
    public MgritResult Result => Results[0];
}

/// <summary>Runs solves on virtual ranks and computes sequential references.</summary>
internal static class TestRuns
{
    /// <summary>
    /// A rank waiting this long for a message means a deadlock: fail instead of hanging.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Solves on <paramref name="ranks"/> ranks (one problem per rank) and gathers all states
    /// unless the solve diverged.
    /// </summary>
    public static RunOutcome Solve(
        int ranks, Func<ArrayStateProblem> newProblem, MgritOptions options, ILogger? logger = null)
    {
        var states = new double[options.Steps + 1][];
        var results = InProcessCommunicator.Run(ranks, comm =>
        {
            var solver = new MgritSolver<ArrayState>(newProblem(), comm, options,
                comm.Rank == 0 ? logger : null);
            var result = solver.Solve();
            if (result.Status != MgritStatus.Diverged)
            {
                solver.Access((i, u) => states[i] = (double[])u.Values.Clone());
            }

            return result;
        }, Timeout);
        return new RunOutcome(results, states);
    }

    /// <summary>u_0..u_N by sequential time stepping with the problem's own steps.</summary>
    public static double[][] Sequential(ArrayStateProblem problem, MgritOptions options)
    {
        var states = new double[options.Steps + 1][];
        var u = problem.Create(0);
        states[0] = (double[])u.Values.Clone();
        for (int i = 1; i <= options.Steps; i++)
        {
            var step = new StepContext(i - 1, i, 0, options.TimeAt(i - 1), options.TimeAt(i));
            problem.Step(u, step);
            states[i] = (double[])u.Values.Clone();
        }

        return states;
    }

    /// <summary>max over i, j of |a_i,j − b_i,j| / max(1, |b_i,j|).</summary>
    public static double MaxRelativeDifference(double[][] a, double[][] b) =>
        a.Zip(b).SelectMany(p => p.First.Zip(p.Second,
            (x, y) => Math.Abs(x - y) / Math.Max(1.0, Math.Abs(y)))).Max();

    /// <summary>True if both arrays hold the same bits everywhere.</summary>
    public static bool SameBits(double[][] a, double[][] b) =>
        a.Length == b.Length && a.Zip(b).All(p => p.First.Length == p.Second.Length
            && p.First.Zip(p.Second).All(q => BitConverter.DoubleToInt64Bits(q.First)
                == BitConverter.DoubleToInt64Bits(q.Second)));

    /// <summary>A residual history with its exact bits, for comparing runs.</summary>
    public static string Bits(IReadOnlyList<double?> norms) =>
        string.Join(' ', norms.Select(n => n is { } v
            ? BitConverter.DoubleToInt64Bits(v).ToString("X16") : "none"));
}
