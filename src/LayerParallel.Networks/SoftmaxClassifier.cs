using System.Runtime.Intrinsics;
using LayerParallel.Core.LinearAlgebra;
using LayerParallel.Networks.Activations;

namespace LayerParallel.Networks;

/// <summary>
/// Softmax cross-entropy on the logits S = W Y + μ (W classes × w, Y the first w rows of the
/// final state, one column per sample), averaged over the batch. Stateless; on the last rank
/// of a layer-parallel run.
/// </summary>
/// <remarks>
/// Per column k with label c_k: loss_k = log Σ_c exp S[c,k] − S[c_k,k], evaluated as
/// m + log Σ_c exp(S[c,k] − m) with m = max_c S[c,k] (no overflow). Gradient with
/// P = softmax(S) and G = (P − onehot(c))/B: ∇W += G Yᵀ, ∇μ += Σ_columns G, ∇Y = Wᵀ G.
/// A sample counts as correct when its largest logit (first on ties) is its label.
/// </remarks>
public sealed class SoftmaxClassifier
{
    /// <summary>A classifier from width <paramref name="width"/> to
    /// <paramref name="classes"/>.</summary>
    public SoftmaxClassifier(int width, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Width = width;
        Classes = classes;
    }

    /// <summary>Width w (columns of W).</summary>
    public int Width { get; }

    /// <summary>Number of classes (rows of W).</summary>
    public int Classes { get; }

    /// <summary>
    /// Mean loss and number correct for the batch of <paramref name="labels"/>;
    /// <paramref name="probabilities"/> (classes × batch) receives softmax(W Y + μ) for
    /// <see cref="Backward"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short or a label is out of range.
    /// </exception>
    public LossResult Forward(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias,
        ReadOnlySpan<double> y, ReadOnlySpan<int> labels, Span<double> probabilities)
    {
        int batch = labels.Length;
        Logits(weights, bias, y, probabilities, batch);
        double loss = 0;
        int correct = 0;

        // Four samples (columns) at a time; each class row is contiguous in the samples.
        for (int k = 0; k < batch; k += 4)
        {
            SoftmaxBlock(probabilities, labels, k, Math.Min(4, batch - k), batch, ref loss,
                ref correct);
        }

        return new LossResult(loss / batch, 0.0, correct, batch);
    }

    /// <summary>
    /// From the probabilities of <see cref="Forward"/> (overwritten with G): ∇W += G Yᵀ,
    /// ∇μ += Σ_columns G and gradY ← Wᵀ G (w × batch, overwritten).
    /// </summary>
    public void Backward(ReadOnlySpan<double> weights, ReadOnlySpan<double> y,
        ReadOnlySpan<int> labels, Span<double> probabilities, Span<double> gradY,
        Span<double> gradWeights, Span<double> gradBias) =>
        BackwardPart(weights, y, labels, probabilities, gradY, gradWeights, gradBias,
            labels.Length);

    /// <summary>The backward pass for a part of a batch of <paramref name="batchTotal"/>
    /// samples: G = (P − onehot)/batchTotal.</summary>
    internal void BackwardPart(ReadOnlySpan<double> weights, ReadOnlySpan<double> y,
        ReadOnlySpan<int> labels, Span<double> probabilities, Span<double> gradY,
        Span<double> gradWeights, Span<double> gradBias, int batchTotal)
    {
        int batch = labels.Length;
        int n = Width * batch;
        if (y.Length < n || gradY.Length < n || probabilities.Length < Classes * batch
            || gradWeights.Length < Classes * Width || gradBias.Length < Classes
            || weights.Length < Classes * Width)
        {
            throw new ArgumentException($"classifier backward: a span is too short for a batch "
                + $"of {batch}");
        }

        // G = (P − onehot)/B.
        double inverse = 1.0 / batchTotal;
        for (int c = 0; c < Classes; c++)
        {
            var row = probabilities.Slice(c * batch, batch);
            double sum = 0;
            for (int k = 0; k < batch; k++)
            {
                double g = (row[k] - (labels[k] == c ? 1.0 : 0.0)) * inverse;
                row[k] = g;
                sum += g;
            }

            gradBias[c] += sum;
        }

        var gMatrix = probabilities[..(Classes * batch)];
        Blas.Gemm(Transpose.No, Transpose.Yes, Classes, Width, batch, 1.0, gMatrix, batch, y,
            batch, 1.0, gradWeights, Width);
        Blas.Gemm(Transpose.Yes, Transpose.No, Width, batch, Classes, 1.0, weights, Width, gMatrix,
            batch, 0.0, gradY[..n], batch);
    }

    /// <summary>predicted[k] ← argmax_c (W Y + μ)[c,k] (first on ties); <paramref name="scores"/>
    /// (classes × batch) receives the logits; batch = predicted.Length.</summary>
    public void Predict(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias,
        ReadOnlySpan<double> y, Span<int> predicted, Span<double> scores)
    {
        int batch = predicted.Length;
        Logits(weights, bias, y, scores, batch);
        for (int k = 0; k < batch; k++)
        {
            predicted[k] = ArgMax(scores, k, batch, out _);
        }
    }

    // For columns k..k+lanes−1 of S (in place → P): m = max_c S, P = e^{S−m}/Σ_c e^{S−m},
    // loss += log Σ_c e^{S−m} + (m − S_label), correct += [argmax = label].
    private void SoftmaxBlock(Span<double> scores, ReadOnlySpan<int> labels, int k, int lanes,
        int batch, ref double loss, ref int correct)
    {
        var max = Load(scores, k, lanes);
        var best = Vector256<double>.Zero;
        for (int c = 1; c < Classes; c++)
        {
            var s = Load(scores.Slice(c * batch), k, lanes);
            best = Vector256.ConditionalSelect(Vector256.GreaterThan(s, max),
                Vector256.Create((double)c), best);
            max = Vector256.Max(max, s);
        }

        // S_label per lane (before S is overwritten), checking the labels.
        var atLabel = Vector256<double>.Zero;
        for (int l = 0; l < lanes; l++)
        {
            int label = labels[k + l];
            if ((uint)label >= (uint)Classes)
            {
                throw new ArgumentException($"label {label} of sample {k + l} is outside "
                    + $"[0, {Classes})", nameof(labels));
            }

            atLabel = atLabel.WithElement(l, scores[(label * batch) + k + l]);
        }

        var gap = max - atLabel;
        var sum = Vector256<double>.Zero;
        for (int c = 0; c < Classes; c++)
        {
            var row = scores.Slice(c * batch);
            var e = VectorExp.Exp(Load(row, k, lanes) - max);
            Store(e, row, k, lanes);
            sum += e;
        }

        var inverse = Vector256<double>.One / sum;
        for (int c = 0; c < Classes; c++)
        {
            var row = scores.Slice(c * batch);
            Store(Load(row, k, lanes) * inverse, row, k, lanes);
        }

        for (int l = 0; l < lanes; l++)
        {
            loss += Math.Log(sum.GetElement(l)) + gap.GetElement(l);
            if ((int)best.GetElement(l) == labels[k + l])
            {
                correct++;
            }
        }
    }

    private static Vector256<double> Load(ReadOnlySpan<double> row, int k, int lanes) =>
        lanes == 4
            ? Vector256.Create(row.Slice(k, 4))
            : Vector256.Create(row[k], lanes > 1 ? row[k + 1] : 0.0, lanes > 2 ? row[k + 2] : 0.0,
                0.0);

    private static void Store(Vector256<double> value, Span<double> row, int k, int lanes)
    {
        if (lanes == 4)
        {
            value.CopyTo(row.Slice(k, 4));
            return;
        }

        for (int l = 0; l < lanes; l++)
        {
            row[k + l] = value.GetElement(l);
        }
    }

    private void Logits(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias,
        ReadOnlySpan<double> y, Span<double> scores, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (weights.Length < Classes * Width || bias.Length < Classes
            || y.Length < Width * batch || scores.Length < Classes * batch)
        {
            throw new ArgumentException($"classifier: a span is too short for a batch of {batch}");
        }

        // S = W Y + μ.
        for (int c = 0; c < Classes; c++)
        {
            scores.Slice(c * batch, batch).Fill(bias[c]);
        }

        Blas.Gemm(Transpose.No, Transpose.No, Classes, batch, Width, 1.0, weights, Width, y, batch,
            1.0, scores, batch);
    }

    private int ArgMax(ReadOnlySpan<double> scores, int k, int batch, out double max)
    {
        int best = 0;
        max = scores[k];
        for (int c = 1; c < Classes; c++)
        {
            double s = scores[(c * batch) + k];
            if (s > max || double.IsNaN(s))
            {
                max = s;
                best = c;
                if (double.IsNaN(s))
                {
                    break;
                }
            }
        }

        return best;
    }
}
