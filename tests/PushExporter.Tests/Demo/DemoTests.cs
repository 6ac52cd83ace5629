using Microsoft.Extensions.Time.Testing;
using PushExporter.Demo;
using PushExporter.Probing;
using PushExporter.Testing;
using PushExporter.Tests.EndToEnd;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Demo;

/// <summary>
/// <c>serve --demo</c>, the README's first command: its simulated world produces every failure
/// reason and a success through the real probe, and the real binary serves it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DemoTests
{
    [Fact]
    public async Task Over_its_rotation_the_demo_world_shows_every_reason_and_a_success()
    {
        // The world's scenario clock is driven here; the probes run on the real clock against its real sockets.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await DemoWorld.StartAsync(clock, TestContext.Current.CancellationToken);
        var runner = new ProbeRunner(TimeProvider.System);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var wanted = FailureReasons.All.Append("success").ToHashSet(StringComparer.Ordinal);

        for (var period = 0; period < 100 && !wanted.IsSubsetOf(seen); period++)
        {
            foreach (var target in world.Config.Targets)
            {
                var result = await runner.RunAsync(world.Config, target, null, null, TestContext.Current.CancellationToken);
                seen.Add(result.Reason ?? "success");
            }

            // The next period; the world rewrites its exports on its one-second timer.
            clock.Advance(DemoWorld.Period);
        }

        Assert.True(wanted.IsSubsetOf(seen), $"never seen: {string.Join(", ", wanted.Except(seen))}");
    }

    [Fact]
    public async Task The_binary_serves_the_demo_targets_metrics()
    {
        var port = FreePort.Tcp();
        await using var exporter = ExporterProcess.Start(port, "--demo");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        await exporter.WaitUntilAsync(
            async () =>
            {
                try
                {
                    var metrics = ExpositionText.Parse(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)));
                    return metrics.Count(s => s.Name == "pushexporter_probes_total") == 4;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "probing the four demo Edges");
    }
}
