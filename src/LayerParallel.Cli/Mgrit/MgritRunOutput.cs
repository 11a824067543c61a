using System.Globalization;
using System.Text;
using System.Text.Json;
using LayerParallel.Mgrit;

namespace LayerParallel.Cli.Mgrit;

/// <summary>
/// The output folder of a <c>layerparallel mgrit</c> run, written by rank 0 only:
/// <c>history.csv</c> (<c>iteration,residual_norm</c>, one row per iteration, the norm empty
/// where none was computed) and <c>result.json</c> (status, iterations, residual norms,
/// convergence factors, wall time, per-rank and per-level timers, u_N checks, options).
/// </summary>
public static class MgritRunOutput
{
    /// <summary>Header of <c>history.csv</c>.</summary>
    public const string HistoryHeader = "iteration,residual_norm";

    /// <summary>
    /// Creates <paramref name="folder"/> if needed and checks that a file can be written there.
    /// </summary>
    /// <returns>Null when the folder is usable, else the problem in one line.</returns>
    public static string? Prepare(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, ".write-test");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write to output folder {folder}: {e.Message}";
        }
    }

    /// <summary>Writes both files into <paramref name="folder"/>.</summary>
    public static void Write(string folder, MgritRunConfig config, MgritRunSummary summary)
    {
        WriteHistory(Path.Combine(folder, "history.csv"), summary.Result.ResidualNorms);
        WriteResult(Path.Combine(folder, "result.json"), config, summary);
    }

    /// <summary>The status word used in <c>result.json</c>.</summary>
    public static string StatusName(MgritStatus status) => status switch
    {
        MgritStatus.Converged => "converged",
        MgritStatus.MaxIterationsReached => "max_iterations",
        MgritStatus.Diverged => "diverged",
        _ => "sequential",
    };

    private static void WriteHistory(string path, IReadOnlyList<double?> norms)
    {
        var text = new StringBuilder(HistoryHeader).Append('\n');
        for (int k = 0; k < norms.Count; k++)
        {
            text.Append(k.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(norms[k]?.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    private static void WriteResult(string path, MgritRunConfig config, MgritRunSummary s)
    {
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var r = s.Result;
            json.WriteStartObject();
            json.WriteString("status", StatusName(r.Status));
            json.WriteNumber("iterations", r.Iterations);
            Numbers(json, "residual_norms", r.ResidualNorms);
            Numbers(json, "convergence_factors", Factors(r.ResidualNorms));
            Number(json, "final_residual_norm", r.FinalResidualNorm);
            json.WriteString("divergence", s.Divergence);
            Number(json, "wall_seconds", s.WallSeconds);
            Number(json, "solve_seconds", s.SolveSeconds);
            json.WriteNumber("levels", r.Levels);
            json.WriteNumber("ranks", s.Ranks);
            Number(json, "stopping_tolerance", s.StoppingTolerance);
            WriteSolution(json, s);
            WriteTimers(json, s.TimesByRank);
            json.WriteStartObject("options");
            foreach (var (name, value) in MgritFlags.Describe(config))
            {
                Scalar(json, name, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static void WriteSolution(Utf8JsonWriter json, MgritRunSummary s)
    {
        json.WriteStartObject("solution");
        foreach (var (name, value) in s.Solution)
        {
            Number(json, name, value);
        }

        if (s.FinalState is { } u)
        {
            Numbers(json, "final_state", [.. u.Select(x => (double?)x)]);
        }
        else
        {
            json.WriteNull("final_state");
        }

        json.WriteEndObject();
    }

    // "timers": one array per rank, one object per level.
    private static void WriteTimers(
        Utf8JsonWriter json, IReadOnlyList<IReadOnlyList<MgritLevelTimes>> byRank)
    {
        json.WriteStartArray("timers");
        foreach (var levels in byRank)
        {
            json.WriteStartArray();
            foreach (var t in levels)
            {
                json.WriteStartObject();
                json.WriteNumber("level", t.Level);
                json.WriteNumber("steps", t.Steps);
                Number(json, "step_seconds", t.StepSeconds);
                Number(json, "relax_seconds", t.RelaxSeconds);
                Number(json, "restrict_seconds", t.RestrictSeconds);
                Number(json, "interpolate_seconds", t.InterpolateSeconds);
                Number(json, "wait_seconds", t.WaitSeconds);
                Number(json, "reduction_seconds", t.ReductionSeconds);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    // ρ_k = ‖r_k‖ / ‖r_{k−1}‖ where both exist.
    private static double?[] Factors(IReadOnlyList<double?> norms) =>
        [.. norms.Select((r, k) => k > 0 && r is { } now && norms[k - 1] is { } before
            ? now / before
            : (double?)null)];

    private static void Numbers(Utf8JsonWriter json, string name, IReadOnlyList<double?> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            if (v is { } x && double.IsFinite(x))
            {
                json.WriteNumberValue(x);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    }

    // JSON has no NaN or infinity: non-finite values and missing ones are written as null.
    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } x && double.IsFinite(x))
        {
            json.WriteNumber(name, x);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Scalar(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case string text: json.WriteString(name, text); break;
            case bool b: json.WriteBoolean(name, b); break;
            case int i: json.WriteNumber(name, i); break;
            case ulong u: json.WriteNumber(name, u); break;
            case double d: Number(json, name, d); break;
            default:
                throw new InvalidOperationException(
                    $"option {name} has an unexpected type {value.GetType()}");
        }
    }
}
