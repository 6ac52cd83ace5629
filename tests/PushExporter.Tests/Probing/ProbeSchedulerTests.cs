using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PushExporter.Configuration;
using PushExporter.Probing;
using PushExporter.Sip.Message;

namespace PushExporter.Tests.Probing;

/// <summary>
/// The scheduler on a <see cref="FakeTimeProvider"/>: time jumps exactly to each published slot
/// (<see cref="ProbeScheduler.NextRuns"/>), and the test waits for the loop to re-arm before
/// moving on, so every expectation is exact and nothing sleeps.
/// </summary>
public sealed class ProbeSchedulerTests
{
    private static readonly TimeSpan _interval = TimeSpan.FromSeconds(10);
    private static readonly string[] _twoTargets = ["atl", "dfw"];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<(string Target, DateTimeOffset At)> _calls = new();
    private readonly ConcurrentQueue<ProbeResult> _recorded = new();

    private static ExporterConfig Config(params string[] targets) => new(
        new GlobalConfig { Interval = _interval, Timeout = TimeSpan.FromSeconds(5) },
        BuiltInModules.All,
        [.. targets.Select(t => new TargetConfig { Name = t, AccessEdgeFqdn = $"{t}.contoso.test", ExternalEdgeFqdn = $"{t}.contoso.test", FromUri = SipUri.Parse($"sip:pushexporter@{t}.contoso.test") })]);

    private ProbeScheduler Scheduler(ConfigHolder holder, Func<TargetConfig, CancellationToken, Task> behaviour, int concurrency = 4) => new(
        holder,
        async (config, target, ct) =>
        {
            _calls.Enqueue((target.Name, _time.GetUtcNow()));
            await behaviour(target, ct);
            return TestResults.Success(target.Name, _time.GetUtcNow());
        },
        _recorded.Enqueue,
        _time,
        NullLogger<ProbeScheduler>.Instance,
        concurrency);

    private static async Task Until(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(1, deadline.Token);
        }
    }

    /// <summary>Jumps to each next slot until <paramref name="end"/>; targets in <paramref name="stuck"/> are expected never to re-arm.</summary>
    private async Task RunUntil(ProbeScheduler scheduler, DateTimeOffset end, HashSet<string> stuck)
    {
        while (true)
        {
            var now = _time.GetUtcNow();
            var pending = scheduler.NextRuns.Where(r => r.Value > now).OrderBy(r => r.Value).ToList();
            if (pending.Count == 0 || pending[0].Value > end)
            {
                return;
            }

            var (target, due) = (pending[0].Key, pending[0].Value);
            var before = _calls.Count(c => c.Target == target);
            _time.Advance(due - now);
            if (stuck.Contains(target))
            {
                await Until(() => _calls.Count(c => c.Target == target) > before);
            }
            else
            {
                await Until(() => scheduler.NextRuns.TryGetValue(target, out var next) && next > due);
            }
        }
    }

    [Fact]
    public async Task Each_target_runs_once_per_interval_at_its_stable_offset()
    {
        var holder = new ConfigHolder(null, Config(_twoTargets), _time);
        using var scheduler = Scheduler(holder, (_, _) => Task.CompletedTask);
        var start = _time.GetUtcNow();

        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        await Until(() => scheduler.NextRuns.Count == 2);
        await RunUntil(scheduler, start + TimeSpan.FromSeconds(60), new HashSet<string>());
        await scheduler.StopAsync(TestContext.Current.CancellationToken);

        foreach (var target in _twoTargets)
        {
            var times = _calls.Where(c => c.Target == target).Select(c => c.At).ToList();
            Assert.Equal(6, times.Count);
            Assert.Equal(ProbeSchedule.Next(target, _interval, start), times[0]);
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(_interval, pair.Second - pair.First));
        }

        Assert.Equal(_calls.Count, _recorded.Count);
    }

    [Fact]
    public async Task A_hanging_target_never_overlaps_itself_and_does_not_delay_the_others()
    {
        var holder = new ConfigHolder(null, Config("hangs", "healthy"), _time);
        using var scheduler = Scheduler(holder, (target, ct) => target.Name == "hangs" ? Task.Delay(Timeout.Infinite, ct) : Task.CompletedTask);
        var start = _time.GetUtcNow();

        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        await Until(() => scheduler.NextRuns.Count == 2);
        await RunUntil(scheduler, start + TimeSpan.FromSeconds(60), new HashSet<string> { "hangs" });
        await scheduler.StopAsync(TestContext.Current.CancellationToken);

        Assert.Single(_calls, c => c.Target == "hangs");
        var healthy = _calls.Where(c => c.Target == "healthy").Select(c => c.At).ToList();
        Assert.Equal(6, healthy.Count);
        Assert.Equal(ProbeSchedule.Next("healthy", _interval, start), healthy[0]);
        Assert.All(healthy.Zip(healthy.Skip(1)), pair => Assert.Equal(_interval, pair.Second - pair.First));
    }

    [Fact]
    public async Task Concurrency_is_bounded_across_targets()
    {
        var running = 0;
        var peak = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var names = Enumerable.Range(0, 12).Select(i => $"edge-{i}").ToArray();
        var holder = new ConfigHolder(null, Config(names), _time);
        using var scheduler = Scheduler(
            holder,
            async (_, ct) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await release.Task.WaitAsync(ct);
                Interlocked.Decrement(ref running);
            },
            concurrency: 3);

        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        await Until(() => scheduler.NextRuns.Count == names.Length);
        _time.Advance(scheduler.NextRuns.Values.Max() - _time.GetUtcNow());
        await Until(() => Volatile.Read(ref running) == 3);

        // The other nine wait for a slot: they cannot have been called.
        Assert.Equal(3, _calls.Count);
        release.SetResult();
        await Until(() => _recorded.Count == names.Length);
        await scheduler.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, peak);
    }

    [Fact]
    public async Task A_reload_restarts_the_loops_with_the_new_targets()
    {
        using var directory = PushExporter.Testing.TempDirectory.Create("scheduler");
        var path = directory.File("pushexporter.yml");
        await File.WriteAllTextAsync(path, "targets:\n  - name: old\n    access_edge_fqdn: old.contoso.test\n", TestContext.Current.CancellationToken);
        var holder = new ConfigHolder(path, ConfigLoader.Load(path).Config!, _time);
        using var scheduler = Scheduler(holder, (_, _) => Task.CompletedTask);
        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        await Until(() => scheduler.NextRuns.ContainsKey("old"));

        await File.WriteAllTextAsync(path, "targets:\n  - name: new\n    access_edge_fqdn: new.contoso.test\n", TestContext.Current.CancellationToken);
        Assert.Empty(holder.Reload().Errors);
        await Until(() => scheduler.NextRuns.ContainsKey("new") && !scheduler.NextRuns.ContainsKey("old"));
        await RunUntil(scheduler, _time.GetUtcNow() + TimeSpan.FromMinutes(2), new HashSet<string>());
        await scheduler.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, _calls.Count(c => c.Target == "new"));
        Assert.DoesNotContain(_calls, c => c.Target == "old");
    }

    [Fact]
    public async Task A_burst_of_reloads_from_many_threads_restarts_cleanly_onto_the_last_file()
    {
        using var directory = PushExporter.Testing.TempDirectory.Create("scheduler");
        var path = directory.File("pushexporter.yml");
        await File.WriteAllTextAsync(path, Targets("old", 50), TestContext.Current.CancellationToken);
        var holder = new ConfigHolder(path, ConfigLoader.Load(path).Config!, _time);
        using var scheduler = Scheduler(holder, (_, _) => Task.CompletedTask);
        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        await Until(() => scheduler.NextRuns.Count == 50);

        await File.WriteAllTextAsync(path, Targets("new", 50), TestContext.Current.CancellationToken);
        var reloads = Enumerable.Range(0, 400).Select(_ => Task.Run(holder.Reload, TestContext.Current.CancellationToken)).ToList();
        Assert.All(await Task.WhenAll(reloads), result => Assert.Empty(result.Errors));
        await Until(() => scheduler.NextRuns.Count == 50 && scheduler.NextRuns.Keys.All(k => k.StartsWith("new", StringComparison.Ordinal)));

        await File.WriteAllTextAsync(path, Targets("last", 1), TestContext.Current.CancellationToken);
        Assert.Empty(holder.Reload().Errors);
        await Until(() => scheduler.NextRuns.Keys.SequenceEqual(["last-0"]));
        Assert.False(scheduler.ExecuteTask!.IsCompleted, scheduler.ExecuteTask.Exception?.ToString());
        await scheduler.StopAsync(TestContext.Current.CancellationToken);
        Assert.True(scheduler.ExecuteTask.IsCompletedSuccessfully, scheduler.ExecuteTask.Exception?.ToString());
    }

    [Fact]
    public async Task Reloads_after_stop_and_after_dispose_change_nothing_and_never_throw()
    {
        using var directory = PushExporter.Testing.TempDirectory.Create("scheduler");
        var path = directory.File("pushexporter.yml");
        await File.WriteAllTextAsync(path, Targets("old", 1), TestContext.Current.CancellationToken);
        var holder = new ConfigHolder(path, ConfigLoader.Load(path).Config!, _time);
        var scheduler = Scheduler(holder, (_, _) => Task.CompletedTask);
        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        await Until(() => scheduler.NextRuns.ContainsKey("old-0"));
        await scheduler.StopAsync(TestContext.Current.CancellationToken);

        await File.WriteAllTextAsync(path, Targets("new", 1), TestContext.Current.CancellationToken);
        Assert.Empty(holder.Reload().Errors);
        scheduler.Dispose();
        Assert.Empty(holder.Reload().Errors);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(scheduler.ExecuteTask!.IsCompletedSuccessfully, scheduler.ExecuteTask.Exception?.ToString());
        Assert.Equal(["old-0"], scheduler.NextRuns.Keys);
        Assert.DoesNotContain(_calls, c => c.Target == "new-0");
    }

    private static string Targets(string prefix, int count) =>
        "targets:\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"  - name: {prefix}-{i}\n    access_edge_fqdn: {prefix}.contoso.test\n"));

    [Fact]
    public async Task A_timer_firing_before_the_wall_clock_reaches_the_slot_runs_the_slot_once()
    {
        var holder = new ConfigHolder(null, Config("atl"), _time);
        using var scheduler = new ProbeScheduler(
            holder,
            (config, target, ct) =>
            {
                _calls.Enqueue((target.Name, _time.GetUtcNow()));
                return Task.FromResult(TestResults.Success(target.Name, _time.GetUtcNow()));
            },
            _recorded.Enqueue,
            new EarlyTimers(_time),
            NullLogger<ProbeScheduler>.Instance,
            4);
        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        await Until(() => scheduler.NextRuns.ContainsKey("atl"));
        var due = scheduler.NextRuns["atl"];

        _time.Advance(due - _time.GetUtcNow() - EarlyTimers.Early);
        await Until(() => scheduler.NextRuns["atl"] != due);
        await scheduler.StopAsync(TestContext.Current.CancellationToken);

        Assert.Single(_calls);
        Assert.Equal(due + _interval, scheduler.NextRuns["atl"]);
    }

    /// <summary>Timers that fire a millisecond before their due time, as a wall clock that runs slightly behind the timer does.</summary>
    private sealed class EarlyTimers(FakeTimeProvider inner) : TimeProvider
    {
        public static readonly TimeSpan Early = TimeSpan.FromMilliseconds(1);

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(callback, state, dueTime > Early ? dueTime - Early : dueTime, period);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
