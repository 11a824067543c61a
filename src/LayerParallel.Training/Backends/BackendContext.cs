using LayerParallel.Core.Communication;
using LayerParallel.Networks;
using Serilog;

namespace LayerParallel.Training.Backends;

/// <summary>What <see cref="GradientBackendFactory"/> needs to build a backend.</summary>
/// <param name="Config">The run's configuration (seed, regularization, MGRIT settings).</param>
/// <param name="Network">The network of the first level (features and classes filled in).</param>
/// <param name="MaxBatch">Largest batch the backend must accept (training and evaluation).</param>
/// <param name="Logger">Logger for the backend's own messages.</param>
/// <param name="Communicator">Starts (first call) and returns the world communicator; needed
/// only by distributed backends, so the serial one never starts MPI.</param>
public sealed record BackendContext(
    TrainConfig Config,
    NetworkConfig Network,
    int MaxBatch,
    ILogger Logger,
    Func<ICommunicator>? Communicator = null);
