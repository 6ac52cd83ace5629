using PushExporter.Configuration;

namespace PushExporter.Hosting;

/// <summary>
/// Reloads the configuration for <c>SIGHUP</c> and <c>POST /-/reload</c> alike, one reload at
/// a time, and says so in the log: an operator who sends a signal has no other answer than this
/// line and the metric. Requests that arrive while a reload runs wait for one more reload after
/// it, which all of them share: it reads the file as it is after the last of them, so a burst
/// of signals and requests costs two reloads, not one each.
/// </summary>
internal sealed partial class ConfigReloader(ConfigHolder holder, ILogger<ConfigReloader> logger)
{
    private readonly Lock _gate = new();
    private readonly List<string> _queuedTriggers = [];
    private TaskCompletionSource<ConfigLoadResult>? _queued;
    private bool _running;

    /// <summary>
    /// Reloads, or joins a reload that has not read the file yet; never throws: every failure
    /// is a refused reload whose errors say why.
    /// </summary>
    /// <param name="trigger">What asked for the reload, for the log line (<c>SIGHUP</c>, <c>POST /-/reload</c>).</param>
    public Task<ConfigLoadResult> ReloadAsync(string trigger)
    {
        lock (_gate)
        {
            if (!_queuedTriggers.Contains(trigger))
            {
                _queuedTriggers.Add(trigger);
            }

            if (_queued is { } waiting)
            {
                return waiting.Task;
            }

            var queued = new TaskCompletionSource<ConfigLoadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            _queued = queued;
            if (!_running)
            {
                _running = true;
                _ = Task.Run(RunQueued);
            }

            return queued.Task;
        }
    }

    // Runs queued reloads until none is left; only one of these runs at any time.
    private void RunQueued()
    {
        while (true)
        {
            TaskCompletionSource<ConfigLoadResult> current;
            string triggers;
            lock (_gate)
            {
                if (_queued is null)
                {
                    _running = false;
                    return;
                }

                current = _queued;
                triggers = string.Join(", ", _queuedTriggers);
                _queued = null;
                _queuedTriggers.Clear();
            }

            current.SetResult(Reload(triggers));
        }
    }

    private ConfigLoadResult Reload(string trigger)
    {
        var file = holder.Path ?? "(built in memory)";
        ConfigLoadResult result;
        try
        {
            result = holder.Reload();
        }
        catch (Exception exception)
        {
            // ConfigHolder turns every failure into errors; this is the last guard, so that a reload can never end the process.
            result = new ConfigLoadResult(null, [new ConfigError(file, 0, 0, string.Empty, $"the reload failed: {exception.GetType().Name}: {MappingReader.Quote(exception.Message)}")]);
        }

        if (result.Errors.Count == 0)
        {
            Log.Reloaded(logger, trigger, file, holder.Current.Targets.Count);
        }
        else
        {
            Log.ReloadFailed(logger, trigger, file, string.Join("; ", result.Errors));
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
