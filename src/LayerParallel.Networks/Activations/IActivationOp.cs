using System.Runtime.Intrinsics;

namespace LayerParallel.Networks.Activations;

/// <summary>
/// One activation as four-lane kernels; the generic kernels of <see cref="ActivationKernels"/>
/// are specialized per implementing struct, so the calls inline.
/// </summary>
internal interface IActivationOp
{
    /// <summary>σ(x) lane by lane.</summary>
    static abstract Vector256<double> Value(Vector256<double> x);

    /// <summary>σ'(x) lane by lane.</summary>
    static abstract Vector256<double> Derivative(Vector256<double> x);

    /// <summary>σ'(x) expressed through the output y = σ(x), lane by lane.</summary>
    static abstract Vector256<double> DerivativeFromOutput(Vector256<double> y);
}
