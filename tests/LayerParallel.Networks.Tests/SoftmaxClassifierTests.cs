namespace LayerParallel.Networks.Tests;

/// <summary>The softmax cross-entropy classifier against closed forms and differences.</summary>
public class SoftmaxClassifierTests
{
    // Closed forms evaluated in the same double arithmetic: a few ulps.
    private const double ClosedFormTolerance = 1e-14;

    // Fourth-order central differences (ε = 1e-4) of a smooth loss: ~1e-12.
    private const double GradientTolerance = 1e-9;

    [Fact]
    public void Forward_ZeroWeights_LossIsLogSumExpOfBias()
    {
        var classifier = new SoftmaxClassifier(width: 2, classes: 3);
        double[] mu = [0.5, -1.0, 2.0];
        var probabilities = new double[3 * 2];
        var result = classifier.Forward(new double[6], mu, new double[] { 1, 2, 3, 4 }, [2, 0],
            probabilities);

        double lse = Math.Log(Math.Exp(0.5) + Math.Exp(-1.0) + Math.Exp(2.0));
        Assert.Equal(((lse - 2.0) + (lse - 0.5)) / 2, result.Loss, ClosedFormTolerance);
        Assert.Equal(1, result.Correct);
        Assert.Equal(2, result.Count);
        Assert.Equal(Math.Exp(2.0 - lse), probabilities[(2 * 2) + 1], ClosedFormTolerance);
    }

    [Fact]
    public void Forward_HugeLogits_StaysFinite()
    {
        // Logits ±1e4·y: exp would overflow without the max shift; the loss is the logit gap.
        var classifier = new SoftmaxClassifier(width: 1, classes: 2);
        double[] w = [1e4, -1e4];
        var probabilities = new double[2];
        var result = classifier.Forward(w, new double[2], new double[] { 1.0 }, [1], probabilities);
        Assert.Equal(2e4, result.Loss, ClosedFormTolerance);
        Assert.Equal(0, result.Correct);
        Assert.Equal(1.0, probabilities[0]);
        Assert.Equal(0.0, probabilities[1]);
    }

    [Fact]
    public void Forward_ProbabilitiesSumToOne_AndTiesPickFirstClass()
    {
        var classifier = new SoftmaxClassifier(width: 3, classes: 4);
        var y = TestData.Gaussian(3 * 5, seed: 1);
        var w = TestData.Gaussian(12, seed: 2);
        var probabilities = new double[4 * 5];
        classifier.Forward(w, new double[4], y, [0, 1, 2, 3, 0], probabilities);
        for (int k = 0; k < 5; k++)
        {
            Assert.Equal(1.0, Enumerable.Range(0, 4).Sum(c => probabilities[(c * 5) + k]), 1e-15);
        }

        var predicted = new int[1];
        classifier.Predict(new double[12], new double[] { 1, 3, 3, 0 }, new double[3], predicted,
            new double[4]);
        Assert.Equal(1, predicted[0]);
    }

    [Fact]
    public void Backward_MatchesCentralDifferences()
    {
        const int width = 3;
        const int classes = 4;
        const int batch = 5;
        var classifier = new SoftmaxClassifier(width, classes);
        var y = TestData.Gaussian(width * batch, seed: 3);
        var w = TestData.Gaussian(classes * width, seed: 4);
        var mu = TestData.Gaussian(classes, seed: 5);
        int[] labels = [3, 0, 1, 1, 2];
        var probabilities = new double[classes * batch];
        classifier.Forward(w, mu, y, labels, probabilities);
        var gradY = new double[width * batch];
        var gradW = new double[classes * width];
        var gradMu = new double[classes];
        classifier.Backward(w, y, labels, probabilities, gradY, gradW, gradMu);

        double Loss() => classifier.Forward(w, mu, y, labels, new double[classes * batch]).Loss;
        foreach (var (values, grad) in new[] { (y, gradY), (w, gradW), (mu, gradMu) })
        {
            var direction = TestData.Gaussian(values.Length, seed: values.Length);
            var original = (double[])values.Clone();
            double numeric = TestData.CentralDifference(t =>
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = original[i] + (t * direction[i]);
                }

                return Loss();
            }, 1e-4);
            original.CopyTo(values, 0);
            double analytic = TestData.Dot(grad, direction);
            Assert.InRange(Math.Abs(numeric - analytic), 0, GradientTolerance * Math.Abs(analytic));
        }
    }

    [Fact]
    public void Forward_LabelOutOfRange_Throws()
    {
        var classifier = new SoftmaxClassifier(width: 1, classes: 2);
        Assert.Throws<ArgumentException>(() => classifier.Forward(new double[2], new double[2],
            new double[1], [2], new double[2]));
    }
}
