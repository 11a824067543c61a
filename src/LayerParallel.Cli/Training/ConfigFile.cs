using System.Text.Json;
using LayerParallel.Cli.Options;
using LayerParallel.Core;

namespace LayerParallel.Cli.Training;

/// <summary>
/// Reads a JSON config file of <c>layerparallel train</c>: one object whose keys are flag names
/// (<c>{"layers": 16, "final-time": 2, "verbose": true}</c>). A <c>result.json</c> of an
/// earlier run works too: its <c>config</c> object is used. Values become <c>--key=value</c>
/// arguments placed before the command line's, so that flags given there win.
/// </summary>
public static class ConfigFile
{
    /// <summary>The arguments <paramref name="path"/> stands for.</summary>
    /// <exception cref="InputException">The file is missing, not JSON, not an object, or has an
    /// unknown key or a value that is not a scalar.</exception>
    public static IReadOnlyList<string> ReadArguments(string path, IReadOnlyList<OptionSpec> specs)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"config file not found: {path}");
        }

        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
            });
        }
        catch (JsonException e)
        {
            throw new InputException($"unreadable config JSON {path}: {Describe(e)}", e);
        }
        catch (IOException e)
        {
            throw new InputException($"cannot read config file {path}: {OneLine(e.Message)}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            bool earlierRun = root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("config", out var nested)
                && nested.ValueKind == JsonValueKind.Object;
            if (earlierRun)
            {
                root = root.GetProperty("config");
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                var found = root.ValueKind.ToString().ToLowerInvariant();
                throw new InputException($"unreadable config JSON {path}: expected an object of"
                    + $" flag names and values, found {found}");
            }

            var arguments = ToArguments(path, root, specs);

            // Repeating an earlier run must not overwrite its files: where its output went is
            // not taken over.
            return earlierRun
                ? arguments.Where(a => !a.StartsWith("--output=", StringComparison.Ordinal)
                    && !a.StartsWith("--log-file=", StringComparison.Ordinal)).ToList()
                : arguments;
        }
    }

    private static List<string> ToArguments(
        string path, JsonElement root, IReadOnlyList<OptionSpec> specs)
    {
        var known = specs.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var args = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            var key = property.Name;
            if (!known.Contains(key) || key is TrainOptions.ConfigFlag or TrainOptions.HelpFlag)
            {
                throw new InputException($"unknown key '{key}' in config {path} (keys are the"
                    + " flag names of layerparallel train --help)");
            }

            string? value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null => null,
                _ => throw new InputException($"value of '{key}' in config {path} must be a"
                    + " string, number or boolean"),
            };
            if (value is not null)
            {
                args.Add($"--{key}={value}");
            }
        }

        return args;
    }

    // System.Text.Json appends "Path: … | LineNumber: … | BytePositionInLine: …" (0-based);
    // keep its first sentence and give the position 1-based.
    private static string Describe(JsonException e)
    {
        var text = OneLine(e.Message);
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            int cut = text.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                text = text[..cut];
            }
        }

        return e.LineNumber is long line
            ? $"{text} (line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1})"
            : text;
    }

    private static string OneLine(string text) =>
        text.ReplaceLineEndings(" ").Trim();
}
