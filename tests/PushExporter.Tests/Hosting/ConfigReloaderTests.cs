using Microsoft.Extensions.Logging.Abstractions;
using PushExporter.Configuration;
using PushExporter.Hosting;
using PushExporter.Testing;

namespace PushExporter.Tests.Hosting;

/// <summary>Reloads run one at a time; a burst that arrives during one shares the next; none ever throws.</summary>
public sealed class ConfigReloaderTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("reloader");

    private string ConfigPath => _directory.File("pushexporter.yml");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_burst_during_a_reload_is_one_more_reload_shared_by_all_and_never_two_at_once()
    {
        using var blocked = new ManualResetEventSlim();
        var loads = 0;
        var running = 0;
        var overlapped = false;
        var holder = Holder(_ =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            if (Interlocked.Increment(ref loads) == 1)
            {
                blocked.Wait(TestContext.Current.CancellationToken);
            }

            Interlocked.Decrement(ref running);
            return null;
        });
        var reloader = new ConfigReloader(holder, NullLogger<ConfigReloader>.Instance);

        var first = reloader.ReloadAsync("POST /-/reload");
        await Until(() => Volatile.Read(ref loads) == 1);
        // Queued from many threads at once, while the first reload holds the file.
        var joined = new Task<ConfigLoadResult>[200];
        Parallel.For(0, joined.Length, i => joined[i] = reloader.ReloadAsync(i % 2 == 0 ? "SIGHUP" : "POST /-/reload"));
        Assert.All(joined, task => Assert.False(task.IsCompleted));
        blocked.Set();

        Assert.Empty((await first).Errors);
        var results = await Task.WhenAll(joined);
        Assert.Equal(2, loads);
        Assert.False(overlapped);
        Assert.All(results, result => Assert.Same(results[0], result));
        Assert.Empty(results[0].Errors);

        // Afterwards a request is a reload of its own again.
        await reloader.ReloadAsync("SIGHUP");
        Assert.Equal(3, loads);
    }

    [Fact]
    public async Task A_failure_in_every_part_of_a_reload_is_a_refused_reload_never_an_exception()
    {
        var holder = Holder(_ => null);
        holder.Changed += _ => throw new InvalidOperationException("nothing can take any configuration");
        var reloader = new ConfigReloader(holder, NullLogger<ConfigReloader>.Instance);

        var result = await reloader.ReloadAsync("SIGHUP");

        Assert.Contains("InvalidOperationException", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.False(holder.LastReloadSuccessful);
        Assert.Equal("edge", holder.Current.Targets[0].Name);

        // The reloader is not stuck: the next request gets its own answer.
        Assert.NotEmpty((await reloader.ReloadAsync("POST /-/reload")).Errors);
    }

    private ConfigHolder Holder(Func<ExporterConfig, string?> admission)
    {
        File.WriteAllText(ConfigPath, "targets:\n  - name: edge\n    access_edge_fqdn: edge.contoso.test\n");
        return new ConfigHolder(ConfigPath, ConfigLoader.Load(ConfigPath).Config!, TimeProvider.System, admission);
    }

    private static async Task Until(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(1, deadline.Token);
        }
    }
}
