using System.Collections.Concurrent;
using System.Threading.Channels;
using PushExporter.Configuration;

namespace PushExporter.Probing;

/// <summary>
/// Probes every target every interval. One asynchronous loop per target (no thread per
/// target): a target never overlaps itself, and a slow or hanging target only delays itself.
/// A semaphore bounds how many probes run at once. A reload restarts the loops with the new
/// targets; results already recorded stay. A reload only asks for a restart: the loops, and
/// the cancellation source that stops them, belong to <see cref="ExecuteAsync"/> alone, so a
/// burst of reloads is one restart, and a reload during or after shutdown changes nothing.
/// </summary>
internal sealed partial class ProbeScheduler : BackgroundService
{
    /// <summary>Probes running at once, over all targets; a target due beyond it waits for a slot.</summary>
    public const int MaxConcurrentProbes = 256;

    private readonly ConfigHolder _config;
    private readonly Func<ExporterConfig, TargetConfig, CancellationToken, Task<ProbeResult>> _probe;
    private readonly Action<ProbeResult> _record;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Not disposed: a loop that outlives the host's shutdown timeout may still release it, and it
    // holds no wait handle (AvailableWaitHandle is never read), so disposing would free nothing.
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _nextRuns = new(StringComparer.Ordinal);

    // The last outcome logged per target: "" for success, else the reason.
    private readonly ConcurrentDictionary<string, string> _outcomes = new(StringComparer.Ordinal);

    // Restart requests. Holding at most one is what coalesces a burst: a request made while one
    // is pending is already answered by it, since the restart reads the configuration after both.
    private readonly Channel<bool> _restarts = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Action<ExporterConfig> _onReload;

    public ProbeScheduler(
        ConfigHolder config,
        Func<ExporterConfig, TargetConfig, CancellationToken, Task<ProbeResult>> probe,
        Action<ProbeResult> record,
        TimeProvider time,
        ILogger<ProbeScheduler> logger,
        int maxConcurrency = MaxConcurrentProbes)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _probe = probe;
        _record = record;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        _onReload = _ => _restarts.Writer.TryWrite(true);
        _config.Changed += _onReload;
    }

    /// <summary>When each target's next probe is due; a target whose probe is running keeps the slot it started in.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> NextRuns => _nextRuns;

    public override void Dispose()
    {
        // The holder outlives the scheduler: a later reload must not reach it.
        _config.Changed -= _onReload;
        _restarts.Writer.TryComplete();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            using var generation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var config = _config.Current;
            foreach (var gone in _nextRuns.Keys.Except(config.Targets.Select(t => t.Name), StringComparer.Ordinal))
            {
                _nextRuns.TryRemove(gone, out _);
                _outcomes.TryRemove(gone, out _);
            }

            var loops = Task.WhenAll(config.Targets.Select(t => RunTargetAsync(config, t, generation.Token)));
            var restart = NextRestartAsync(stoppingToken);
            await Task.WhenAny(loops, restart).ConfigureAwait(false);
            await generation.CancelAsync().ConfigureAwait(false);

            // The loops end only when cancelled; one that failed otherwise fails the scheduler, which stops the host.
            await loops.ConfigureAwait(false);
            if (!await restart.ConfigureAwait(false))
            {
                return;
            }
        }
    }

    // True when a restart was asked for, false when the host is stopping.
    private async Task<bool> NextRestartAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await _restarts.Reader.ReadAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    private async Task RunTargetAsync(ExporterConfig config, TargetConfig target, CancellationToken cancellationToken)
    {
        var interval = target.Interval ?? config.Global.Interval;
        try
        {
            var due = ProbeSchedule.Next(target.Name, interval, _time.GetUtcNow());
            while (true)
            {
                var wait = due - _time.GetUtcNow();
                var delay = wait > TimeSpan.Zero ? Task.Delay(wait, _time, cancellationToken) : Task.CompletedTask;
                // Published once the timer exists, so whoever reads it can rely on the slot being armed.
                _nextRuns[target.Name] = due;
                await delay.ConfigureAwait(false);

                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                ProbeResult result;
                try
                {
                    result = await _probe(config, target, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _slots.Release();
                }

                _record(result);
                LogOutcome(target.Name, result);

                // The next slot after now: a probe that overran its slot skips the missed ones instead of bunching up.
                // Never the slot just run: a timer may fire a little before the wall clock reaches it, and a fast
                // probe would then find "now" still before the slot and run it again at once.
                var now = _time.GetUtcNow();
                due = ProbeSchedule.Next(target.Name, interval, now > due ? now : due);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown or reload.
        }
    }

    // A state change is news; the same failure every interval is not (a broken Edge at 60 s would
    // be 1,440 lines a day). Every probe is logged at debug.
    private void LogOutcome(string target, ProbeResult result)
    {
        var outcome = result.Reason ?? string.Empty;
        var previous = _outcomes.TryGetValue(target, out var before) ? before : null;
        _outcomes[target] = outcome;
        Log.ProbeFinished(_logger, target, result.Reason ?? "none", result.Duration.TotalSeconds);
        if (previous == outcome)
        {
            return;
        }

        if (result.Failure is { } failure)
        {
            Log.ProbeFailing(_logger, target, failure.Reason, previous is null or "" ? "none" : previous, failure.Error, result.Diagnosis, failure.Fix);
        }
        else if (previous is { Length: > 0 })
        {
            Log.ProbeRecovered(_logger, target, previous);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "probe failing: target={Target} reason={Reason} previous_reason={PreviousReason} error={Error} diagnosis={Diagnosis} fix={Fix}")]
        public static partial void ProbeFailing(ILogger logger, string target, string reason, string previousReason, string error, string diagnosis, string fix);

        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "probe recovered: target={Target} previous_reason={PreviousReason}")]
        public static partial void ProbeRecovered(ILogger logger, string target, string previousReason);

        [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "probe finished: target={Target} reason={Reason} duration_seconds={DurationSeconds}")]
        public static partial void ProbeFinished(ILogger logger, string target, string reason, double durationSeconds);
    }
}
