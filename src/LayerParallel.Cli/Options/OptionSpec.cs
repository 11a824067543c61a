namespace LayerParallel.Cli.Options;

/// <summary>One command-line flag: its name, value placeholder, default shown in help, and text.</summary>
/// <param name="Name">The flag without dashes, e.g. <c>layers</c> for <c>--layers</c>.</param>
/// <param name="Value">Placeholder of the value in help (e.g. <c>N</c>); null for a switch.</param>
/// <param name="Default">Default shown in help; null for none.</param>
/// <param name="Help">One-line description.</param>
public sealed record OptionSpec(string Name, string? Value, string? Default, string Help)
{
    /// <summary>True for a switch that takes no value.</summary>
    public bool IsSwitch => Value is null;
}
