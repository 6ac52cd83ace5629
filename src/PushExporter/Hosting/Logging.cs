using Microsoft.Extensions.Logging.Console;

namespace PushExporter.Hosting;

/// <summary>--log.level and --log.format: text lines or one JSON object per line.</summary>
internal static class Logging
{
    public static IReadOnlyList<string> Levels { get; } = ["debug", "info", "warn", "error"];

    public static IReadOnlyList<string> Formats { get; } = ["text", "json"];

    public static void Configure(ILoggingBuilder logging, string level, string format)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.SetMinimumLevel(Parse(level));
        // ASP.NET's per-request information lines would drown the probe lines.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (format == "json")
        {
            logging.AddJsonConsole(json =>
            {
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                json.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(text =>
            {
                text.SingleLine = true;
                text.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                text.UseUtcTimestamp = true;
                text.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    }

    private static LogLevel Parse(string level) => level switch
    {
        "debug" => LogLevel.Debug,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };
}
