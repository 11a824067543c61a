namespace LayerParallel.Cli.Tests;

/// <summary>
/// Tests that start MPI jobs and measure how fast they end. They run one at a time, after the
/// parallel tests, so that a busy 2-core machine does not distort their timings.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTestCollection
{
    /// <summary>The name for <c>[Collection(ProcessTestCollection.Name)]</c>.</summary>
    public const string Name = "real processes";
}
