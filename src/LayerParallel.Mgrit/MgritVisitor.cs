namespace LayerParallel.Mgrit;

/// <summary>
/// Receives one fine-grid state from <see cref="MgritSolver{TVector}.Access"/>. The state is the
/// solver's own buffer: copy what you need before returning and do not modify it.
/// </summary>
/// <param name="fineIndex">The point i of the state u_i.</param>
/// <param name="state">u_i.</param>
public delegate void MgritVisitor<in TVector>(int fineIndex, TVector state)
    where TVector : class;
