using LayerParallel.Core;

namespace LayerParallel.Cli.Training;

/// <summary>
/// The words the command line and JSON config use for an enum's values (e.g. <c>euler</c> for
/// <c>IntegratorKind.ForwardEuler</c>), with extra accepted spellings. Parsing ignores case and
/// dashes.
/// </summary>
internal sealed class EnumNames<TEnum> where TEnum : struct, Enum
{
    private readonly (TEnum Value, string Name, string[] Aliases)[] _table;

    public EnumNames(params (TEnum Value, string Name, string[] Aliases)[] table)
    {
        _table = table;
    }

    /// <summary>Every value's name joined by <c>|</c>, for help.</summary>
    public string Choices => string.Join("|", _table.Select(t => t.Name));

    /// <summary>The command-line word for <paramref name="value"/>.</summary>
    public string Name(TEnum value) => _table.First(t => t.Value.Equals(value)).Name;

    /// <summary>The value named <paramref name="text"/> (a name or alias).</summary>
    /// <exception cref="InputException">No value has that name.</exception>
    public TEnum Parse(string flag, string text)
    {
        var key = Normalize(text);
        foreach (var (value, name, aliases) in _table)
        {
            if (Normalize(name) == key || aliases.Any(a => Normalize(a) == key))
            {
                return value;
            }
        }

        throw new InputException($"unknown value for --{flag}: '{text}' (expected {Choices})");
    }

    private static string Normalize(string text) =>
        text.Replace("-", string.Empty, StringComparison.Ordinal)
            .Replace("_", string.Empty, StringComparison.Ordinal)
            .ToLowerInvariant();
}
