using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PushExporter.Configuration;
using PushExporter.Hosting;
using PushExporter.Testing;
using PushExporter.Web;

namespace PushExporter.Tests.EndToEnd;

/// <summary>One exporter host on a free loopback port, probing every scenario target on its timer.</summary>
public sealed class ExporterHost(EdgeScenarioWorld world) : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = new();

    internal ConfigHolder Holder { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var loaded = ConfigLoader.Load(world.ConfigPath);
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Errors));
        var port = FreePort.Tcp();
        _app = ExporterEndpoints.Map(ExporterApp.Build(new ServeOptions { ListenAddress = $"127.0.0.1:{port}", LogLevel = "error" }, world.ConfigPath, loaded.Config, TimeProvider.System));
        Holder = _app.Services.GetRequiredService<ConfigHolder>();
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }
}
