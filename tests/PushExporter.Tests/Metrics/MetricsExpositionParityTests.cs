using System.Security.Authentication;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using PushExporter.Configuration;
using PushExporter.Hosting;
using PushExporter.Metrics;
using PushExporter.Probing;
using PushExporter.Sip.Transport;
using PushExporter.Steps;
using PushExporter.Testing;
using PushExporter.Tests.EndToEnd;
using PushExporter.Tests.Probing;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Metrics;

/// <summary>
/// /metrics writes the contract's families itself (<see cref="MetricsExposition"/>); OTLP still
/// sends them through the OpenTelemetry instruments (<see cref="ExporterMetrics"/>). For one
/// state, the SDK's own Prometheus exporter over those instruments and the direct writer must give
/// the same text: the same metadata lines, series, labels and values (histograms included), in
/// both formats; only the <c>_created</c> times may differ, by the moment each side started.
/// </summary>
[Collection(PushExporterMeter.Name)]
public sealed partial class MetricsExpositionParityTests
{
    private const string OpenMetricsAccept = "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_direct_writer_and_the_sdk_give_the_same_series_and_values(bool openMetrics)
    {
        var ct = TestContext.Current.CancellationToken;
        var config = Load("""
            targets:
              - name: px-ok
                access_edge_fqdn: edge-ok.test
                site: "Zürich \"HQ\" \\ west"
                module: push_message
              - name: px-failing
                access_edge_fqdn: 127.0.0.1
                port: 5070
                transport: tcp
              - name: px-never-probed
                access_edge_fqdn: edge-never.test
            """);
        var holder = new ConfigHolder(null, config, _time);
        var store = new TargetStateStore();
        store.SetTargets(config.Targets.Select(t => t.Name));
        var latency = new ProbeLatencyHistograms();
        // The SDK starts its counters on the real clock, not on the test's.
        var exposition = new MetricsExposition(store, holder, latency, DateTimeOffset.UtcNow);
        using var instruments = new ExporterMetrics(store, holder, new TargetCapacity(config), _time);
        // Before the first measurement: the SDK sees a histogram's measurements only while it listens.
        using var provider = instruments.AddTo(Sdk.CreateMeterProviderBuilder())
            .AddPrometheusExporter(ExporterApp.ConfigurePrometheus)
            .Build();
        foreach (var result in Results())
        {
            store.Record(result);
            latency.Observe(result);
            instruments.Observe(result);
        }

        var sdk = await SdkScrapeAsync(provider, openMetrics, ct);
        using var direct = new MemoryStream();
        await exposition.WriteAsync(direct, openMetrics, ct);
        var ours = Encoding.UTF8.GetString(direct.ToArray()) + (openMetrics ? "# EOF\n" : string.Empty);

        Assert.Equal(Metadata(sdk), Metadata(ours));
        var sdkSamples = Samples(sdk);
        var ourSamples = Samples(ours);
        Assert.Equal(sdkSamples.Keys.Order(StringComparer.Ordinal), ourSamples.Keys.Order(StringComparer.Ordinal));
        foreach (var (series, value) in sdkSamples)
        {
            if (series.Contains("_created{", StringComparison.Ordinal))
            {
                Assert.InRange(ourSamples[series], value - 60, value + 60);
            }
            else
            {
                Assert.True(value.Equals(ourSamples[series]), $"{series}: the SDK says {value}, the direct writer {ourSamples[series]}");
            }
        }

        // Same order and bytes too, but for the _created times.
        Assert.Equal(WithoutCreatedTimes(sdk), WithoutCreatedTimes(ours));
        Assert.Contains("pushexporter_probe_latency_seconds_bucket{target=\"px-ok\",le=\"0.01\"} 2", ours, StringComparison.Ordinal);
        Assert.Contains("site=\"Zürich \\\"HQ\\\" \\\\ west\"", ours, StringComparison.Ordinal);
    }

    // Two answered probes and a refused one for px-failing (it keeps its certificate); px-ok with
    // both TLS interfaces, Lync exports and a round trip on a bucket bound (bounds are inclusive).
    private IEnumerable<ProbeResult> Results()
    {
        var now = _time.GetUtcNow();
        var notAfter = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var tls = new TlsSessionInfo("edge.test", SslProtocols.Tls12, null, [new TlsCertificateInfo("CN=edge.test", "CN=CA", notAfter.AddDays(-30), notAfter, "AB")], notAfter, true, null);
        var checks = CheckLabels.All.ToDictionary(c => c, c => c == CheckLabels.ExternalTls ? CheckStatus.NotRun : CheckStatus.Passed);
        yield return TestResults.Success("px-ok", now) with
        {
            SipRoundTrip = TimeSpan.FromMilliseconds(10),
            Tls = tls,
            ExternalTls = tls with { EarliestNotAfter = notAfter.AddDays(7) },
            Checks = checks,
            Phases = new Dictionary<ProbeStep, TimeSpan> { [ProbeStep.Config] = TimeSpan.FromMicroseconds(3), [ProbeStep.Tls] = TimeSpan.FromMilliseconds(4.25), [ProbeStep.Sip] = TimeSpan.FromMilliseconds(10) },
            Exports = new Dictionary<string, LyncExportHealth>
            {
                [LyncExportLabels.All[0]] = new("mcx.json", true, now.AddDays(-2), null),
                [LyncExportLabels.All[1]] = new("imfilter.json", false, null, "missing"),
            },
        };
        yield return TestResults.Success("px-ok", now.AddSeconds(10)) with { SipRoundTrip = TimeSpan.FromMilliseconds(3.3), Tls = tls };
        yield return TestResults.Success("px-ok", now.AddSeconds(20)) with { SipRoundTrip = TimeSpan.FromSeconds(42), Tls = tls };
        yield return TestResults.Success("px-failing", now.AddSeconds(1)) with { Tls = tls, SipRoundTrip = TimeSpan.FromMilliseconds(270) };
        yield return TestResults.Failure("px-failing", now.AddSeconds(11), FailureReasons.ServerTimeout) with { MsDiagnosticsCode = 1008, SipRoundTrip = TimeSpan.FromMilliseconds(1.5) };
        yield return TestResults.Failure("px-failing", now.AddSeconds(21), FailureReasons.ConnectFailed) with
        {
            Failure = new ProbeFailure(FailureReasons.ConnectFailed, CheckLabels.EdgeConnect, "refused", null, "fix it"),
            SipStatusCode = 0,
            SipRoundTrip = null,
        };
    }

    private static async Task<string> SdkScrapeAsync(MeterProvider provider, bool openMetrics, CancellationToken ct)
    {
        var port = FreePort.Tcp();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(provider, null, "/metrics", null, null);
        await app.StartAsync(ct);
        try
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/metrics");
            request.Headers.TryAddWithoutValidation("Accept", openMetrics ? OpenMetricsAccept : "text/plain");
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync(ct);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static List<string> Metadata(string text) =>
        [.. text.Split('\n').Where(l => l.StartsWith('#') && l.Contains(" pushexporter_", StringComparison.Ordinal))];

    // Every sample of the pushexporter families, by its name and labels (in the order given).
    private static Dictionary<string, double> Samples(string text) =>
        ExpositionText.Parse(text)
            .Where(s => s.Name.StartsWith("pushexporter_", StringComparison.Ordinal))
            .ToDictionary(s => s.Name + "{" + string.Join(',', s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}", s => s.Value);

    private static string WithoutCreatedTimes(string text) => CreatedTime().Replace(text, "$1");

    private static ExporterConfig Load(string yaml)
    {
        var loaded = ConfigLoader.Parse(yaml, "pushexporter.yml", Path.GetTempPath());
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Errors));
        return loaded.Config;
    }

    [GeneratedRegex(@"(_created\{[^}]*\}) \S+", RegexOptions.CultureInvariant)]
    private static partial Regex CreatedTime();
}
