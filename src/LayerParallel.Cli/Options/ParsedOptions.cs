using System.Globalization;
using LayerParallel.Core;

namespace LayerParallel.Cli.Options;

/// <summary>
/// Flags parsed against a list of <see cref="OptionSpec"/>. Every lookup of a malformed value
/// throws <see cref="InputException"/> with a one-line message naming the flag.
/// </summary>
public sealed class ParsedOptions
{
    private readonly Dictionary<string, string?> _values;

    private ParsedOptions(Dictionary<string, string?> values) => _values = values;

    /// <summary>Parses <c>--name value</c>, <c>--name=value</c> and switches.</summary>
    /// <exception cref="InputException">Unknown flag, missing value, or a stray argument.</exception>
    public static ParsedOptions Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs)
    {
        var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new InputException($"unexpected argument '{arg}' (flags start with --)");
            }

            var name = arg[2..];
            string? inline = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            if (!byName.TryGetValue(name, out var spec))
            {
                throw new InputException($"unknown flag --{name} (see --help)");
            }

            if (spec.IsSwitch)
            {
                values[name] = inline ?? "true";
                continue;
            }

            if (inline is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new InputException($"flag --{name} needs a value ({spec.Value})");
                }

                inline = args[++i];
            }

            values[name] = inline;
        }

        return new ParsedOptions(values);
    }

    /// <summary>True if the flag was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The raw text of a flag, or null.</summary>
    public string? GetString(string name) => _values.GetValueOrDefault(name);

    /// <summary>The flag as text, or <paramref name="fallback"/>.</summary>
    public string GetString(string name, string fallback) => _values.GetValueOrDefault(name) ?? fallback;

    /// <summary>The flag as an integer, or <paramref name="fallback"/> when absent.</summary>
    public int GetInt(string name, int fallback)
    {
        var text = GetString(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new InputException($"malformed number for --{name}: '{text}' is not an integer");
    }

    /// <summary>The flag as a finite double, or <paramref name="fallback"/> when absent.</summary>
    public double GetDouble(string name, double fallback)
    {
        var text = GetString(name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            && double.IsFinite(v)
            ? v
            : throw new InputException($"malformed number for --{name}: '{text}' is not a finite number");
    }

    /// <summary>A switch: true if given (or given as <c>--name=true</c>).</summary>
    public bool GetSwitch(string name, bool fallback = false)
    {
        var text = GetString(name);
        if (text is null)
        {
            return fallback;
        }

        return text switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw new InputException($"malformed value for --{name}: '{text}' (true or false)"),
        };
    }

    /// <summary>The flag as one of an enum's names (case-insensitive, dashes ignored).</summary>
    public TEnum GetEnum<TEnum>(string name, TEnum fallback) where TEnum : struct, Enum
    {
        var text = GetString(name);
        if (text is null)
        {
            return fallback;
        }

        var key = text.Replace("-", string.Empty, StringComparison.Ordinal);
        if (Enum.TryParse<TEnum>(key, ignoreCase: true, out var v) && Enum.IsDefined(v)
            && !int.TryParse(key, out _))
        {
            return v;
        }

        var allowed = string.Join("|", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
        throw new InputException($"unknown value for --{name}: '{text}' (expected {allowed})");
    }

    /// <summary>Renders the help text of a command from its specs.</summary>
    public static string Help(string usage, string summary, IReadOnlyList<OptionSpec> specs)
    {
        var lines = new List<string> { $"usage: {usage}", string.Empty, summary, string.Empty, "options:" };
        foreach (var s in specs)
        {
            var left = s.IsSwitch ? $"  --{s.Name}" : $"  --{s.Name} {s.Value}";
            var right = s.Default is null ? s.Help : $"{s.Help} (default: {s.Default})";
            lines.Add(left.Length < 28 ? $"{left,-28}{right}" : $"{left}\n{new string(' ', 28)}{right}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
