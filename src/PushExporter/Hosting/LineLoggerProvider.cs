namespace PushExporter.Hosting;

/// <summary>
/// Writes each log record as one <see cref="LogLine"/> to a text writer (stdout), synchronously
/// and in order. The exporter logs state changes, reloads and start-up, not every request, so a
/// lock is cheaper than the console logger's queue and thread.
/// </summary>
internal sealed class LineLoggerProvider(TextWriter output, LogLevel minimum, bool json, TimeProvider time) : ILoggerProvider
{
    private readonly Lock _gate = new();

    private LogLevel Minimum => minimum;

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            output.Flush();
        }
    }

    private void Write<TState>(LogLevel level, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var (message, fields) = LogLine.Parts(state, formatter(state, exception), exception, stack: minimum <= LogLevel.Debug);
        var now = time.GetUtcNow();
        var line = json ? LogLine.Json(now, level, message, fields) : LogLine.Logfmt(now, level, message, fields);
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private sealed class LineLogger(LineLoggerProvider provider, string category) : ILogger
    {
        // The framework's own information lines (request logs, "Application started") would drown
        // the exporter's; its warnings and errors stay, and everything shows at debug. The host's
        // start and stop failures are reported by serve itself, in one line each.
        private readonly LogLevel _minimum = provider.Minimum <= LogLevel.Debug ? provider.Minimum
            : category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal) ? LogLevel.None
            : category.StartsWith("Microsoft.", StringComparison.Ordinal) ? (LogLevel)Math.Max((int)LogLevel.Warning, (int)provider.Minimum)
            : provider.Minimum;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= _minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, state, exception, formatter);
            }
        }
    }
}
