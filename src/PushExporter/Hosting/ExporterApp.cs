using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.EventLog;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PushExporter.Configuration;
using PushExporter.Metrics;
using PushExporter.Probing;
using PushExporter.Vocabulary;

namespace PushExporter.Hosting;

/// <summary>
/// Composes the host: the configuration holder, probe runner, scheduler, state, metrics,
/// logging, the listener and its security. The endpoints are mapped on top of it by
/// <c>Web.ExporterEndpoints</c>, which finds everything here among the app's services.
/// </summary>
internal static class ExporterApp
{
    /// <summary>The service name scripts/Install-PushExporterService.ps1 registers, and the Event Log source.</summary>
    public const string WindowsServiceName = "PushExporter";

    /// <summary>The host for <paramref name="initial"/>; reloads read <paramref name="configPath"/>, null for a configuration built in memory (the demo).</summary>
    public static WebApplication Build(ServeOptions options, string? configPath, ExporterConfig initial, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(initial);
        // The host's defaults watch appsettings.json for changes with a recursive inotify watch on the
        // working directory: a fifth to a third of the CPU to ready, for a file the exporter never
        // reloads (its configuration is the YAML file). Read once, not watched.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        Logging.Configure(builder.Logging, options.LogLevel, options.LogFormat, time);
        // Started by the Windows service control manager, the same executable runs as a service: it
        // reports start and stop to it and logs to the Event Log as well. Elsewhere this does nothing.
        builder.Services.AddWindowsService(service => service.ServiceName = WindowsServiceName);
        if (OperatingSystem.IsWindows())
        {
            NameEventLogSource(builder.Services);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            WebSecurity.ConfigureListener(kestrel, options.ListenAddress, options.WebConfig);
            if (options.HealthSocketPath is { } healthSocket)
            {
                HealthSocket.Listen(kestrel, healthSocket);
            }
        });

        var capacity = new TargetCapacity(initial);
        var holder = new ConfigHolder(configPath, initial, time, capacity.Admit);
        var store = new TargetStateStore();
        store.SetTargets(holder.Current.Targets.Select(t => t.Name));
        holder.Changed += config => store.SetTargets(config.Targets.Select(t => t.Name));
        var history = new ProbeHistory();
        var runner = new ProbeRunner(time);
        var latency = new ProbeLatencyHistograms();
        var exposition = new MetricsExposition(store, holder, latency, time.GetUtcNow());
        var processMetrics = new ProcessMetrics();
        // The contract's instruments exist for OTLP alone: /metrics writes those series itself, and
        // without OTLP the SDK neither collects them nor reserves their storage (TargetCapacity).
        var otlp = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var otlpMetrics = otlp ? new ExporterMetrics(store, holder, capacity, time) : null;

        builder.Services.AddSingleton(holder);
        builder.Services.AddSingleton<ConfigReloader>();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(history);
        builder.Services.AddSingleton(runner);
        builder.Services.AddSingleton(latency);
        builder.Services.AddSingleton(exposition);
        builder.Services.AddSingleton(time);
        builder.Services.AddHostedService(services => new ProbeScheduler(
            holder,
            (config, target, ct) => runner.RunAsync(config, target, null, null, ct),
            result =>
            {
                store.Record(result);
                latency.Observe(result);
                otlpMetrics?.Observe(result);
                history.Add(result);
            },
            time,
            services.GetRequiredService<ILogger<ProbeScheduler>>()));

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("pushexporter", serviceVersion: BuildInfo.Version))
            .WithMetrics(meters =>
            {
                // The process and runtime meters only: the Prometheus exporter serves them on /metrics
                // ahead of the contract's families (Web.MetricsEndpoint).
                meters.AddMeter(ProcessMetrics.MeterName, "System.Runtime")
                    .AddView(instrument => instrument.Meter.Name switch
                    {
                        // Gauges named *.count read as histogram parts to Prometheus (promtool check metrics
                        // says so); what they count (assemblies, timers, CPUs) is not worth a lint exception.
                        "System.Runtime" when instrument.Name is "dotnet.assembly.count" or "dotnet.timer.count" or "dotnet.process.cpu.count" => MetricStreamConfiguration.Drop,
                        _ => new MetricStreamConfiguration { CardinalityLimit = RuntimeCardinalityLimit },
                    })
                    .AddPrometheusExporter(ConfigurePrometheus);
                if (otlp)
                {
                    meters.AddOtlpExporter();
                }
            });
        List<IDisposable> stopped = [processMetrics];
        if (otlpMetrics is not null)
        {
            // A provider of its own, so that a /metrics scrape (a collection of the provider above)
            // never runs the contract's callbacks; only the OTLP reader's timer collects them.
            // Disposed before its meter, so that its last export still sees the instruments.
            stopped.Add(otlpMetrics.AddTo(Sdk.CreateMeterProviderBuilder())
                .ConfigureResource(resource => resource.AddService("pushexporter", serviceVersion: BuildInfo.Version))
                .AddOtlpExporter()
                .Build());
            stopped.Add(otlpMetrics);
            // Each probe is a trace only for OTLP: a listener without an exporter cost 1.3 % of the CPU.
            telemetry.WithTracing(tracing => tracing.AddSource(ProbeRunner.ActivitySourceName).AddOtlpExporter());
        }

        var app = builder.Build();
        // The container does not own instances it was handed: without this a stopped host's meter
        // would live on and a later host in the same process would collect two sets of instruments.
        foreach (var disposable in stopped)
        {
            app.Lifetime.ApplicationStopped.Register(disposable.Dispose);
        }
        WebSecurity.UseSecurityHeaders(app);
        if (options.HealthSocketPath is not null)
        {
            HealthSocket.UseRestriction(app);
        }

        WebSecurity.UseBasicAuth(app, options.WebConfig);
        return app;
    }

    /// <summary>
    /// The series each process or runtime instrument may have. The SDK allocates that many points per
    /// instrument at start; its default, 2,000, came to 3 MB of the large object heap and a gen2
    /// collection before ready. The instruments have at most five series (dotnet.gc.* per heap
    /// generation) except dotnet.exceptions, one series per exception type thrown, a handful.
    /// </summary>
    internal const int RuntimeCardinalityLimit = 128;

    /// <summary>The Prometheus exporter's settings for /metrics.</summary>
    public static void ConfigurePrometheus(PrometheusAspNetCoreOptions prometheus)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
        // The contract's labels only: no otel_scope_* on every series, no target_info.
        prometheus.ScopeInfoEnabled = false;
        prometheus.TargetInfoEnabled = false;
    }

    [SupportedOSPlatform("windows")]
    private static void NameEventLogSource(IServiceCollection services) =>
        services.Configure<EventLogSettings>(eventLog => eventLog.SourceName = WindowsServiceName);
}
