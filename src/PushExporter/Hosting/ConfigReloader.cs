using PushExporter.Configuration;

namespace PushExporter.Hosting;

/// <summary>
/// Reloads the configuration for <c>SIGHUP</c> and <c>POST /-/reload</c> alike, and says so in
/// the log: an operator who sends a signal has no other answer than this line and the metric.
/// </summary>
internal sealed partial class ConfigReloader(ConfigHolder holder, ILogger<ConfigReloader> logger)
{
    /// <param name="trigger">What asked for the reload, for the log line (<c>SIGHUP</c>, <c>POST /-/reload</c>).</param>
    public ConfigLoadResult Reload(string trigger)
    {
        var result = holder.Reload();
        if (result.Errors.Count == 0)
        {
            Log.Reloaded(logger, trigger, holder.Path ?? "(built in memory)", holder.Current.Targets.Count);
        }
        else
        {
            Log.ReloadFailed(logger, trigger, holder.Path ?? "(built in memory)", string.Join("; ", result.Errors));
        }

        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "configuration reloaded: trigger={Trigger} file={File} targets={Targets}")]
        public static partial void Reloaded(ILogger logger, string trigger, string file, int targets);

        [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "configuration reload failed, the previous configuration keeps running: trigger={Trigger} file={File} errors={Errors}")]
        public static partial void ReloadFailed(ILogger logger, string trigger, string file, string errors);
    }
}
