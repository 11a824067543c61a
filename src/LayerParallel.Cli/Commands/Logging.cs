using Serilog;
using Serilog.Events;

namespace LayerParallel.Cli.Commands;

/// <summary>The program's only Serilog configuration: libraries just take an <see cref="ILogger"/>.</summary>
public static class Logging
{
    private const string Template = "[{Timestamp:HH:mm:ss} {Level:u3} r{Rank}] {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// A logger for <paramref name="rank"/>: Information and above on the console from rank 0,
    /// Warning and above from other ranks; everything (Debug with <paramref name="verbose"/>)
    /// to <paramref name="logFile"/> when given.
    /// </summary>
    public static ILogger Create(int rank, string? logFile, bool verbose)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .Enrich.WithProperty("Rank", rank)
            .WriteTo.Console(
                outputTemplate: Template,
                restrictedToMinimumLevel: rank == 0
                    ? (verbose ? LogEventLevel.Debug : LogEventLevel.Information)
                    : LogEventLevel.Warning,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        if (logFile is not null)
        {
            var path = rank == 0 ? logFile : $"{logFile}.rank{rank}";
            config = config.WriteTo.File(path, outputTemplate: Template,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        return config.CreateLogger();
    }
}
