using LayerParallel.Networks.Parameters;

namespace LayerParallel.Networks.Tests.Reference;

/// <summary>
/// A deliberately naive second implementation of the whole network (scalar loops, Math.Tanh,
/// no BLAS, no fused kernels, fresh arrays everywhere): the independent oracle that finite
/// differences are taken of. It also records, for every pre-activation, which smooth piece of
/// σ it falls on, so tests can prove that no perturbation crossed a kink.
/// </summary>
internal sealed class ReferenceNetwork(NetworkConfig config)
{
    private const double Eta = 0.1;

    public NetworkConfig Config { get; } = config;

    /// <summary>Mean cross-entropy + regularizer.</summary>
    public double Objective(NetworkParameters p, double[] x, int[] labels, Regularization reg,
        List<int>? pieces = null)
    {
        return Loss(p, x, labels, pieces) + RegularizerValue(p, reg);
    }

    public double Loss(NetworkParameters p, double[] x, int[] labels, List<int>? pieces = null)
    {
        int batch = labels.Length;
        var y = Propagate(p, x, batch, pieces);
        int w = Config.Width;
        double loss = 0;
        for (int k = 0; k < batch; k++)
        {
            var s = new double[Config.Classes];
            for (int c = 0; c < Config.Classes; c++)
            {
                s[c] = p.ClassifierBias[c];
                for (int i = 0; i < w; i++)
                {
                    s[c] += p.ClassifierWeights[(c * w) + i] * y[(i * batch) + k];
                }
            }

            double max = s.Max();
            double sum = s.Sum(v => Math.Exp(v - max));
            loss += max + Math.Log(sum) - s[labels[k]];
        }

        return loss / batch;
    }

    /// <summary>α/2 Σ_blocks ‖·‖² + β/(2h) Σ_j ‖θ_{j+1} − θ_j‖², straight from the formula.
    /// </summary>
    public double RegularizerValue(NetworkParameters p, Regularization reg)
    {
        double h = Config.FinalTime / Config.Layers;
        double value = 0;
        foreach (var block in p.Blocks())
        {
            value += 0.5 * reg.WeightDecay * block.Values.Sum(v => v * v);
        }

        for (int j = 0; j + 1 < p.LayerCount; j++)
        {
            var a = p.Layer(j);
            var b = p.Layer(j + 1);
            value += reg.Smoothness / (2 * h) * a.Select((v, i) => (b[i] - v) * (b[i] - v)).Sum();
        }

        return value;
    }

    /// <summary>Y_N (w × batch).</summary>
    public double[] Propagate(NetworkParameters p, double[] x, int batch, List<int>? pieces)
    {
        int w = Config.Width;
        double h = Config.FinalTime / Config.Layers;

        // Y₀ = σ(K₀ X + b₀).
        var y0 = new double[w * batch];
        for (int i = 0; i < w; i++)
        {
            for (int k = 0; k < batch; k++)
            {
                double s = p.OpeningBias[i];
                for (int f = 0; f < Config.Features; f++)
                {
                    s += p.OpeningWeights[(i * Config.Features) + f] * x[(f * batch) + k];
                }

                y0[(i * batch) + k] = Sigma(s, pieces);
            }
        }

        int rows = Config.Kind == NetworkKind.Hamiltonian ? 2 * w : w;
        var u = new double[rows * batch];
        Array.Copy(y0, u, y0.Length);
        var history = new List<double[]>();
        for (int j = 0; j < Config.Layers; j++)
        {
            u = Step(j, h, p.Layer(j), u, batch, history, pieces);
        }

        return u[..(w * batch)];
    }

    private double[] Step(int j, double h, double[] theta, double[] y, int batch,
        List<double[]> history, List<int>? pieces)
    {
        switch (Config.Integrator)
        {
            case IntegratorKind.ForwardEuler:
                return Add(y, h, F(theta, y, batch, pieces));
            case IntegratorKind.RungeKutta4:
            {
                var k1 = F(theta, y, batch, pieces);
                var k2 = F(theta, Add(y, h / 2, k1), batch, pieces);
                var k3 = F(theta, Add(y, h / 2, k2), batch, pieces);
                var k4 = F(theta, Add(y, h, k3), batch, pieces);
                var r = (double[])y.Clone();
                for (int i = 0; i < r.Length; i++)
                {
                    r[i] += h / 6 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]);
                }

                return r;
            }

            case IntegratorKind.AdamsBashforth3:
            {
                var f = F(theta, y, batch, pieces);
                history.Add(f);
                var r = (double[])y.Clone();
                for (int i = 0; i < r.Length; i++)
                {
                    r[i] += j switch
                    {
                        0 => h * f[i],
                        1 => h * ((1.5 * f[i]) - (0.5 * history[j - 1][i])),
                        _ => h / 12 * ((23 * f[i]) - (16 * history[j - 1][i])
                            + (5 * history[j - 2][i])),
                    };
                }

                return r;
            }

            case IntegratorKind.Verlet:
            {
                // Z_{j+1/2} = Z_{j−1/2} − h σ(K Y_j + b); Y_{j+1} = Y_j + h σ(Kᵀ Z_{j+1/2} + b).
                int n = Config.Width * batch;
                var yPart = y[..n];
                var z = y[n..];
                var zNew = Add(z, -h, Affine(theta, yPart, batch, transpose: false, pieces));
                var yNew = Add(yPart, h, Affine(theta, zNew, batch, transpose: true, pieces));
                return [.. yNew, .. zNew];
            }

            default:
                throw new NotSupportedException();
        }
    }

    /// <summary>The ODE right-hand side f(y, θ).</summary>
    public double[] F(double[] theta, double[] y, int batch, List<int>? pieces)
    {
        int w = Config.Width;
        int n = w * batch;
        switch (Config.Kind)
        {
            case NetworkKind.ResNet when Config.Layer == LayerKind.Single:
                return Affine(theta, y, batch, transpose: false, pieces);
            case NetworkKind.ResNet:
            {
                // K₂ σ(K₁ Y + b), θ = (K₁, K₂, b).
                var k1 = theta[..(w * w)];
                var k2 = theta[(w * w)..(2 * w * w)];
                var b = theta[(2 * w * w)..];
                var a = Activate(MatMul(k1, y, w, batch, false), b, batch, pieces);
                return MatMul(k2, a, w, batch, false);
            }

            case NetworkKind.Antisymmetric:
            {
                var m = new double[w * w];
                for (int i = 0; i < w; i++)
                {
                    for (int c = 0; c < w; c++)
                    {
                        m[(i * w) + c] = theta[(i * w) + c] - theta[(c * w) + i]
                            - (i == c ? Config.Gamma : 0.0);
                    }
                }

                return Activate(MatMul(m, y, w, batch, false), theta[(w * w)..], batch, pieces);
            }

            case NetworkKind.Hamiltonian:
            {
                var fy = Affine(theta, y[n..], batch, transpose: true, pieces);
                var fz = Affine(theta, y[..n], batch, transpose: false, pieces);
                return [.. fy, .. fz.Select(v => -v)];
            }

            default:
                throw new NotSupportedException();
        }
    }

    /// <summary>σ(K v + b) or σ(Kᵀ v + b) with θ = (K, b).</summary>
    private double[] Affine(double[] theta, double[] v, int batch, bool transpose,
        List<int>? pieces)
    {
        int w = Config.Width;
        return Activate(MatMul(theta[..(w * w)], v, w, batch, transpose), theta[(w * w)..],
            batch, pieces);
    }

    private double[] Activate(double[] p, double[] bias, int batch, List<int>? pieces)
    {
        var a = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            a[i] = Sigma(p[i] + bias[i / batch], pieces);
        }

        return a;
    }

    private static double[] MatMul(double[] m, double[] v, int w, int batch, bool transpose)
    {
        var r = new double[w * batch];
        for (int i = 0; i < w; i++)
        {
            for (int k = 0; k < batch; k++)
            {
                double s = 0;
                for (int c = 0; c < w; c++)
                {
                    s += (transpose ? m[(c * w) + i] : m[(i * w) + c]) * v[(c * batch) + k];
                }

                r[(i * batch) + k] = s;
            }
        }

        return r;
    }

    private static double[] Add(double[] y, double a, double[] f)
    {
        var r = new double[y.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = y[i] + (a * f[i]);
        }

        return r;
    }

    /// <summary>σ(x) by its textbook formula; records the smooth piece of x.</summary>
    public double Sigma(double x, List<int>? pieces)
    {
        switch (Config.Activation)
        {
            case Activation.Tanh:
                return Math.Tanh(x);
            case Activation.Relu:
                pieces?.Add(x > 0 ? 1 : 0);
                return Math.Max(0.0, x);
            default:
                pieces?.Add(x <= -Eta ? 0 : x < Eta ? 1 : 2);
                return x <= -Eta ? 0.0 : x >= Eta ? x : (x + Eta) * (x + Eta) / (4 * Eta);
        }
    }
}
