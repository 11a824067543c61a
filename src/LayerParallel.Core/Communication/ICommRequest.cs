namespace LayerParallel.Core.Communication;

/// <summary>A pending non-blocking send or receive.</summary>
public interface ICommRequest
{
    /// <summary>Blocks until the operation has completed.</summary>
    void Wait();

    /// <summary>True once the operation has completed; never blocks.</summary>
    bool Test();
}
