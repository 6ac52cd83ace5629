using Microsoft.Extensions.Time.Testing;
using PushExporter.Demo;
using PushExporter.Probing;
using PushExporter.Testing;
using PushExporter.Tests.EndToEnd;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Demo;

/// <summary>
/// <c>serve --demo</c>, the README's first command: a fleet of simulated Edges, one failing at a
/// time while the others succeed, whose failure goes through every reason within one rotation,
/// through the real probe; and the real binary serves it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DemoTests
{
    private const int Edges = 4;

    [Fact]
    public async Task Within_one_rotation_every_reason_appears_on_one_edge_at_a_time_while_the_others_succeed()
    {
        // The world's scenario clock is driven here; the probes run on the real clock against its real sockets.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await DemoWorld.StartAsync(clock, TestContext.Current.CancellationToken);
        var runner = new ProbeRunner(TimeProvider.System);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        for (var period = 0; period < DemoScenarios.Rotation.Count; period++)
        {
            var results = new List<ProbeResult>();
            foreach (var target in world.Config.Targets)
            {
                results.Add(await runner.RunAsync(world.Config, target, null, null, TestContext.Current.CancellationToken));
            }

            Assert.True(results.Count(r => !r.Success) <= 1, $"period {period}: {string.Join(", ", results.Select(r => $"{r.Target} {r.Reason ?? "success"}"))}");
            seen.UnionWith(results.Select(r => r.Reason ?? "success"));

            // The next period; the world rewrites its exports on its one-second timer.
            clock.Advance(DemoWorld.Period);
        }

        var wanted = FailureReasons.All.Append("success");
        Assert.True(wanted.All(seen.Contains), $"never seen: {string.Join(", ", wanted.Except(seen))}");
    }

    [Fact]
    public void The_failing_edge_keeps_failing_through_a_whole_rotation_then_the_next_one_takes_its_turn()
    {
        var rotation = DemoScenarios.Rotation.Count;
        for (var step = 0; step < 2 * Edges * rotation; step++)
        {
            var now = DateTimeOffset.UnixEpoch + DemoWorld.Period * step;
            var scenarios = Enumerable.Range(0, Edges).Select(edge => DemoScenarios.At(edge, Edges, now, DemoWorld.Period)).ToList();

            var failing = step / rotation % Edges;
            Assert.Equal(DemoScenarios.Rotation[step % rotation], scenarios[failing]);
            Assert.All(scenarios.Where((_, edge) => edge != failing), s => Assert.Equal(DemoScenario.Success, s));
        }

        // The unreadable export opens each turn, so the route then fails without a break, longer than the alerts' for: 2m.
        Assert.Equal(DemoScenario.ExportUnreadable, DemoScenarios.Rotation[0]);
        Assert.True(DemoWorld.Period * (rotation - 1) > TimeSpan.FromMinutes(2) + DemoWorld.Period);
        Assert.Equal(FailureReasons.All.Order(), DemoScenarios.Rotation.Select(DemoScenarios.Reason).OfType<string>().Distinct().Order());
        Assert.Equal(DemoScenarios.All.Count - 1, rotation);
        // What the README and docs/configuration.md say.
        Assert.Equal(TimeSpan.FromSeconds(320), DemoWorld.RotationTime);
    }

    [Fact]
    public async Task The_binary_serves_the_demo_fleet_with_its_metrics_and_a_mostly_healthy_status_page()
    {
        var port = FreePort.Tcp();
        await using var exporter = ExporterProcess.Start(port, "--demo");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var page = string.Empty;

        await exporter.WaitUntilAsync(
            async () =>
            {
                try
                {
                    var metrics = ExpositionText.Parse(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)));
                    page = await http.GetStringAsync(new Uri("/", UriKind.Relative));
                    return metrics.Count(s => s.Name == "pushexporter_probes_total") == Edges && page.Contains("0 pending", StringComparison.Ordinal);
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "probing the four demo Edges");

        // Three of the four Edges are healthy, or all four while the failing one's export is unreadable.
        Assert.Matches("<strong>[34] of 4 healthy</strong>", page);
    }
}
