using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PushExporter.Configuration;
using PushExporter.Probing;

namespace PushExporter.Tests.Probing;

public sealed class ProbeSchedulerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<(string Target, DateTimeOffset At)> _calls = new();
    private readonly ConcurrentQueue<ProbeResult> _recorded = new();

    private static ExporterConfig Config(params string[] targets) => new(
        new GlobalConfig { Interval = Interval, Timeout = TimeSpan.FromSeconds(5) },
        BuiltInModules.All,
        [.. targets.Select(t => AdhocTarget.Create(t, $"{t}.contoso.test", 5061, SipTransport.Tls, null))]);

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

    private async Task AdvanceUntil(DateTimeOffset end, Func<DateTimeOffset, int> expectedCalls)
    {
        while (_time.GetUtcNow() < end)
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            var expected = expectedCalls(_time.GetUtcNow());
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (_calls.Count < expected)
            {
                await Task.Delay(1, deadline.Token);
            }
        }
    }

    [Fact]
    public async Task Each_target_runs_once_per_interval_at_its_stable_offset()
    {
        var holder = new ConfigHolder(null, Config("atl", "dfw"), _time);
        using var scheduler = Scheduler(holder, (_, _) => Task.CompletedTask);
        var start = _time.GetUtcNow();
        var slots = new[] { "atl", "dfw" }.ToDictionary(t => t, t => ProbeSchedule.Next(t, Interval, start));

        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        await AdvanceUntil(start + TimeSpan.FromSeconds(60), now => slots.Values.Sum(first => first > now ? 0 : (int)((now - first) / Interval) + 1));
        await scheduler.StopAsync(TestContext.Current.CancellationToken);

        foreach (var (target, first) in slots)
        {
            var times = _calls.Where(c => c.Target == target).Select(c => c.At).ToList();
            Assert.InRange(times.Count, 5, 6);
            Assert.Equal(first, times[0]);
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(Interval, pair.Second - pair.First));
        }

        Assert.Equal(_calls.Count, _recorded.Count);
    }

    [Fact]
    public async Task A_hanging_target_never_overlaps_itself_and_does_not_delay_the_others()
    {
        var holder = new ConfigHolder(null, Config("hangs", "healthy"), _time);
        using var scheduler = Scheduler(holder, (target, ct) => target.Name == "hangs" ? Task.Delay(Timeout.Infinite, ct) : Task.CompletedTask);
        var start = _time.GetUtcNow();
        var healthyFirst = ProbeSchedule.Next("healthy", Interval, start);
        var hangsFirst = ProbeSchedule.Next("hangs", Interval, start);

        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        await AdvanceUntil(start + TimeSpan.FromSeconds(60), now =>
            (healthyFirst > now ? 0 : (int)((now - healthyFirst) / Interval) + 1) + (hangsFirst > now ? 0 : 1));
        await scheduler.StopAsync(TestContext.Current.CancellationToken);

        Assert.Single(_calls, c => c.Target == "hangs");
        var healthy = _calls.Where(c => c.Target == "healthy").Select(c => c.At).ToList();
        Assert.InRange(healthy.Count, 5, 6);
        Assert.All(healthy.Zip(healthy.Skip(1)), pair => Assert.Equal(Interval, pair.Second - pair.First));
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
        _time.Advance(Interval);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (Volatile.Read(ref running) < 3)
            {
                await Task.Delay(1, deadline.Token);
            }
        }

        Assert.Equal(3, _calls.Count);
        release.SetResult();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (_recorded.Count < names.Length)
            {
                await Task.Delay(1, deadline.Token);
            }
        }

        await scheduler.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, peak);
    }

    [Fact]
    public async Task A_reload_restarts_the_loops_with_the_new_targets()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "pushexporter.yml");
        await File.WriteAllTextAsync(path, "targets:\n  - name: old\n    access_edge_fqdn: old.contoso.test\n    interval: 10s\n", TestContext.Current.CancellationToken);
        var holder = new ConfigHolder(path, ConfigLoader.Load(path).Config!, _time);
        using var scheduler = Scheduler(holder, (_, _) => Task.CompletedTask);
        await scheduler.StartAsync(TestContext.Current.CancellationToken);

        await File.WriteAllTextAsync(path, "targets:\n  - name: new\n    access_edge_fqdn: new.contoso.test\n    interval: 10s\n", TestContext.Current.CancellationToken);
        Assert.Empty(holder.Reload().Errors);
        var start = _time.GetUtcNow();
        await AdvanceUntil(start + TimeSpan.FromSeconds(30), _ => 0);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (!_calls.Any(c => c.Target == "new"))
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(1, deadline.Token);
            }
        }

        await scheduler.StopAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(_calls, c => c.Target == "old" && c.At > start);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
