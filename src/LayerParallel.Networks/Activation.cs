namespace LayerParallel.Networks;

/// <summary>The element-wise activation σ of the opening layer and of the layer functions.</summary>
/// <remarks>Kernels and derivatives live in <see cref="Activations.ActivationKernels"/>.</remarks>
public enum Activation
{
    /// <summary>σ(x) = tanh x, σ'(x) = 1 − tanh² x.</summary>
    Tanh,

    /// <summary>σ(x) = max(0, x), σ'(x) = 1 for x &gt; 0 and 0 otherwise (0 at the kink).</summary>
    Relu,

    /// <summary>
    /// C¹ quadratic smoothing of ReLU with half-width η = 0.1 (as in Günther et al.'s
    /// layer-parallel code): σ(x) = 0 for x ≤ −η, (x + η)²/(4η) for |x| &lt; η, x for x ≥ η;
    /// σ'(x) = 0, (x + η)/(2η), 1 on the same pieces.
    /// </summary>
    SmoothRelu,
}
