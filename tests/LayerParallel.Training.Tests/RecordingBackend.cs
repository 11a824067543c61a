using LayerParallel.Networks;
using LayerParallel.Training.Backends;

namespace LayerParallel.Training.Tests;

/// <summary>
/// A gradient backend that records every batch and returns made-up but exactly predictable
/// results: loss = mean of feature 0 over the batch, correct = samples with label 0, gradient
/// = 1 in every entry; solver statistics when asked for.
/// </summary>
internal sealed class RecordingBackend(int features, int classes, bool withSolver = false)
    : IGradientBackend
{
    private double[][] _parameters = [new double[3]];
    private double[][] _gradients = [new double[3]];

    public List<(double[] Features, int[] Labels)> Batches { get; } = [];

    public int Updates { get; private set; }

    public int Refinements { get; private set; }

    public double? PoisonLossAtBatch { get; set; }

    public BackendKind Kind => BackendKind.Serial;

    public NetworkConfig Network { get; private set; } =
        new() { Features = features, Classes = classes, Layers = 4 };

    public int MaxBatch => 64;

    public IReadOnlyList<double[]> Parameters => _parameters;

    public IReadOnlyList<double[]> Gradients => _gradients;

    public BatchResult ComputeGradient(ReadOnlySpan<double> x, ReadOnlySpan<int> labels)
    {
        Batches.Add((x.ToArray(), labels.ToArray()));
        foreach (var g in _gradients)
        {
            Array.Fill(g, 1.0);
        }

        var result = Result(x, labels);
        if (PoisonLossAtBatch == Batches.Count)
        {
            result = result with { Loss = double.NaN };
        }

        return withSolver
            ? result with
            {
                Solver = new SolverStatistics(Batches.Count, 1e-3 * Batches.Count, 1, 0.5),
            }
            : result;
    }

    public BatchResult Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<int> labels) =>
        Result(x, labels) with { Regularization = 0 };

    public void ParametersUpdated() => Updates++;

    public void Refine()
    {
        Refinements++;
        Network = Network with { Layers = 2 * Network.Layers };
        _parameters = [new double[3], new double[3]];
        _gradients = [new double[3], new double[3]];
    }

    public void Dispose()
    {
    }

    private static BatchResult Result(ReadOnlySpan<double> x, ReadOnlySpan<int> labels)
    {
        int b = labels.Length;
        double sum = 0;
        int zeros = 0;
        for (int k = 0; k < b; k++)
        {
            sum += x[k];
            zeros += labels[k] == 0 ? 1 : 0;
        }

        return new BatchResult(sum / b, 0.25, zeros, b, null);
    }
}
