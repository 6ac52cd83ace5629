using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using PushExporter.Cli;
using PushExporter.Configuration;
using PushExporter.Probing;
using PushExporter.Sip.Message;
using PushExporter.Tests.Probing;

namespace PushExporter.Tests.Cli;

/// <summary>
/// What <c>serve</c> exits with once its host has stopped: 1 when the probe scheduler failed
/// and took the host down (so that <c>Restart=on-failure</c> brings the exporter back), 0 when
/// the stop was asked for. The hosts here are real generic hosts with the real scheduler.
/// </summary>
public sealed class ServeExitCodeTests
{
    private static readonly ExporterConfig _config = new(
        new GlobalConfig { Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMilliseconds(500) },
        BuiltInModules.All,
        [new TargetConfig { Name = "edge", AccessEdgeFqdn = "edge.contoso.test", ExternalEdgeFqdn = "edge.contoso.test", FromUri = SipUri.Parse("sip:pushexporter@contoso.test") }]);

    [Fact]
    public async Task A_scheduler_that_fails_stops_the_host_and_serve_exits_1()
    {
        using var host = Host(_ => throw new InvalidOperationException("recording the result failed"));
        await host.StartAsync(TestContext.Current.CancellationToken);

        // Nobody asks it to stop: the failure does.
        await host.WaitForShutdownAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, ServeCommand.ExitCodeAfterShutdown(host.Services, NullLogger.Instance));
    }

    [Fact]
    public async Task A_stop_that_was_asked_for_exits_0()
    {
        var recorded = 0;
        using var host = Host(_ => Interlocked.Increment(ref recorded));
        await host.StartAsync(TestContext.Current.CancellationToken);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (Volatile.Read(ref recorded) == 0)
            {
                await Task.Delay(10, deadline.Token);
            }
        }

        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, ServeCommand.ExitCodeAfterShutdown(host.Services, NullLogger.Instance));
    }

    private static IHost Host(Action<ProbeResult> record)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddHostedService(_ => new ProbeScheduler(
            new ConfigHolder(null, _config, TimeProvider.System),
            (_, target, _) => Task.FromResult(TestResults.Success(target.Name, DateTimeOffset.UtcNow)),
            record,
            TimeProvider.System,
            NullLogger<ProbeScheduler>.Instance));
        return builder.Build();
    }
}
