using PushExporter.Configuration;
using PushExporter.Hosting;
using PushExporter.Metrics;
using PushExporter.Probing;

namespace PushExporter.Web;

/// <summary>The HTTP endpoints of PRODUCT.md, mapped on a host that <see cref="ExporterApp"/> built.</summary>
internal static class ExporterEndpoints
{
    public static WebApplication Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var holder = app.Services.GetRequiredService<ConfigHolder>();
        var runner = app.Services.GetRequiredService<ProbeRunner>();
        var store = app.Services.GetRequiredService<TargetStateStore>();
        var history = app.Services.GetRequiredService<ProbeHistory>();
        var time = app.Services.GetRequiredService<TimeProvider>();

        MetricsEndpoint.Map(app, app.Services.GetRequiredService<MetricsExposition>());
        var probes = new ProbeRequestCount();
        app.MapGet("/probe", (HttpContext http) => ProbeEndpoint.HandleAsync(http, holder, runner, probes));
        app.MapGet("/", (HttpContext http) =>
        {
            // Unless http_server_config.headers set one: the operator's policy wins.
            http.Response.Headers.TryAdd("Content-Security-Policy", StatusPage.ContentSecurityPolicy);
            return Results.Content(StatusPage.Render(holder.Current, store, history, holder, time.GetUtcNow()), "text/html; charset=utf-8");
        });
        app.MapGet("/-/healthy", () => Results.Text("Healthy\n"));
        app.MapGet("/-/ready", () => Results.Text("Ready\n"));
        app.MapPost("/-/reload", async (ConfigReloader reloader) =>
        {
            var result = await reloader.ReloadAsync("POST /-/reload").ConfigureAwait(false);
            return result.Errors.Count == 0
                ? Results.Text("configuration reloaded\n")
                : Results.Text("reload failed, the previous configuration is still running:\n" + string.Join('\n', result.Errors) + "\n", statusCode: StatusCodes.Status500InternalServerError);
        });
        return app;
    }
}
