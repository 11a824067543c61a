namespace LayerParallel.Benchmarks;

/// <summary>One benchmark: <c>lp-bench NAME [args]</c> runs it and prints its figures.</summary>
public interface IBenchmark
{
    /// <summary>The word that selects it.</summary>
    string Name { get; }

    /// <summary>One line for the list of benchmarks.</summary>
    string Summary { get; }

    /// <summary>Runs the benchmark; returns the exit code.</summary>
    int Run(IReadOnlyList<string> args);
}
