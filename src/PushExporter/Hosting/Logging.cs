namespace PushExporter.Hosting;

/// <summary>
/// <c>--log.level</c> and <c>--log.format</c>: logfmt lines (<c>text</c>, or <c>logfmt</c> as
/// Prometheus exporters name it) or one JSON object per line, both with <c>ts</c>, <c>level</c>,
/// <c>msg</c> and one field per value (<see cref="LogLine"/>).
/// </summary>
internal static class Logging
{
    public static IReadOnlyList<string> Levels { get; } = ["debug", "info", "warn", "error"];

    public static IReadOnlyList<string> Formats { get; } = ["text", "logfmt", "json"];

    public static void Configure(ILoggingBuilder logging, string level, string format, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var minimum = Parse(level);
        logging.SetMinimumLevel(minimum);
        logging.AddProvider(Provider(level, format, time));
    }

    /// <summary>The one logger of the process: the host's, and the command line's before the host exists.</summary>
    public static ILoggerProvider Provider(string level, string format, TimeProvider time) =>
        new LineLoggerProvider(Console.Out, Parse(level), format == "json", time);

    public static LogLevel Parse(string level) => level switch
    {
        "debug" => LogLevel.Debug,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };
}
