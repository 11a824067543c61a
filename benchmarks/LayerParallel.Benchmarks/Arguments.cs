using System.Globalization;

namespace LayerParallel.Benchmarks;

/// <summary>Minimal <c>--name value</c> parsing for benchmarks.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values = [];

    public static Arguments Parse(IReadOnlyList<string> args)
    {
        var a = new Arguments();
        for (int i = 0; i + 1 < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            a._values[args[i][2..]] = args[i + 1];
        }

        return a;
    }

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
