namespace LayerParallel.Cli.Commands;

/// <summary>A failure that <c>layerparallel selftest</c> injects to test the error policy.</summary>
public enum SelfTestFailure
{
    /// <summary>No failure: the checks run and the job ends normally.</summary>
    None,

    /// <summary>The failing rank throws an ordinary exception (the job aborts with 1).</summary>
    Throw,

    /// <summary>The failing rank reports an error of its own and aborts the job with 3.</summary>
    Abort,

    /// <summary>The failing rank kills itself (SIGKILL); the launcher must end the job.</summary>
    Kill,

    /// <summary>Every rank throws one input error after MPI started (exit 2, one line).</summary>
    Input,

    /// <summary>Only the failing rank throws an input error; it must abort the job with 2.</summary>
    InputOne,
}
