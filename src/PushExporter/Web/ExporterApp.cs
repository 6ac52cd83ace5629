using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PushExporter.Cli;
using PushExporter.Configuration;
using PushExporter.Metrics;
using PushExporter.Probing;

namespace PushExporter.Web;

/// <summary>
/// Composes the host: configuration holder, probe runner, scheduler, state, metrics and the
/// HTTP endpoints of PRODUCT.md.
/// </summary>
internal static class ExporterApp
{
    public static WebApplication Build(ServeOptions options, ConfigHolder holder, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(holder);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        Logging.Configure(builder.Logging, options.LogLevel, options.LogFormat);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            WebSecurity.ConfigureListener(kestrel, options.ListenAddress, options.WebConfig);
        });

        var store = new TargetStateStore();
        store.SetTargets(holder.Current.Targets.Select(t => t.Name));
        holder.Changed += config => store.SetTargets(config.Targets.Select(t => t.Name));
        var history = new ProbeHistory();
        var runner = new ProbeRunner(time, options.SipTimers);
        var metrics = new ExporterMetrics(store, holder, time);
        holder.Admission = metrics.Admit;

        builder.Services.AddSingleton(holder);
        builder.Services.AddSingleton<ConfigReloader>();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(history);
        builder.Services.AddSingleton(runner);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(time);
        builder.Services.AddHostedService(services => new ProbeScheduler(
            holder,
            (config, target, ct) => runner.RunAsync(config, target, null, null, ct),
            result =>
            {
                store.Record(result);
                metrics.Observe(result);
                history.Add(result);
            },
            time,
            services.GetRequiredService<ILogger<ProbeScheduler>>(),
            options.MaxConcurrentProbes));

        var otlp = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("pushexporter", serviceVersion: BuildInfo.Version))
            .WithMetrics(meters =>
            {
                // Every target × reason is a series: the SDK's default limit (2000 per metric) would cut them off.
                meters.AddMeter(ExporterMetrics.MeterName)
                    .AddView(instrument => instrument.Meter.Name != ExporterMetrics.MeterName ? null
                        : instrument.Name == ExporterMetrics.LatencyHistogram
                            ? new ExplicitBucketHistogramConfiguration { Boundaries = ExporterMetrics.LatencyBuckets, CardinalityLimit = metrics.CardinalityLimit(instrument.Name) }
                            : new MetricStreamConfiguration { CardinalityLimit = metrics.CardinalityLimit(instrument.Name) })
                    .AddPrometheusExporter(prometheus =>
                    {
                        prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                        // The contract's labels only: no otel_scope_* on every series, no target_info.
                        prometheus.ScopeInfoEnabled = false;
                        prometheus.TargetInfoEnabled = false;
                    });
                if (otlp)
                {
                    meters.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(ProbeRunner.ActivitySourceName);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });

        var app = builder.Build();
        // The container does not own instances it was handed: without this a stopped host's meter
        // would live on and a later host in the same process would collect two sets of instruments.
        app.Lifetime.ApplicationStopped.Register(metrics.Dispose);
        WebSecurity.UseBasicAuth(app, options.WebConfig);
        app.UseOpenTelemetryPrometheusScrapingEndpoint();
        app.MapGet("/probe", (HttpContext http) => ProbeEndpoint.HandleAsync(http, holder, runner));
        app.MapGet("/", () => Results.Content(StatusPage.Render(holder.Current, store, history, holder, time.GetUtcNow()), "text/html; charset=utf-8"));
        app.MapGet("/-/healthy", () => Results.Text("Healthy\n"));
        app.MapGet("/-/ready", () => Results.Text("Ready\n"));
        app.MapPost("/-/reload", (ConfigReloader reloader) =>
        {
            var result = reloader.Reload("POST /-/reload");
            return result.Errors.Count == 0
                ? Results.Text("configuration reloaded\n")
                : Results.Text("reload failed, the previous configuration is still running:\n" + string.Join('\n', result.Errors) + "\n", statusCode: StatusCodes.Status500InternalServerError);
        });
        return app;
    }
}
