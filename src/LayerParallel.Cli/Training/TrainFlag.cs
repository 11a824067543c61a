using LayerParallel.Cli.Options;
using LayerParallel.Training;

namespace LayerParallel.Cli.Training;

/// <summary>
/// One flag of <c>layerparallel train</c>: its spec (help), how it sets a
/// <see cref="TrainConfig"/>, and how the config's value is written back (help defaults,
/// <c>result.json</c>).
/// </summary>
/// <param name="Spec">Name, placeholder and help; the default is filled from
/// <see cref="Read"/>.</param>
/// <param name="Apply">Sets the flag's value on a config; called only when the flag is given.</param>
/// <param name="Read">The config's value as a JSON scalar (string, number, bool) or null.</param>
internal sealed record TrainFlag(
    OptionSpec Spec,
    Func<TrainConfig, ParsedOptions, TrainConfig> Apply,
    Func<TrainConfig, object?> Read);
