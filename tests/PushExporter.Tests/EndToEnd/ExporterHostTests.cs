using System.Net;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// The host against the real peers: after a timer run, /metrics carries every scenario's
/// outcome; /probe answers each scenario synchronously, blackbox style.
/// </summary>
[Collection(EdgeScenarios.Name)]
[Trait("Category", "Integration")]
public sealed partial class ExporterHostTests(EdgeScenarioWorld world, ExporterHost host) : IClassFixture<ExporterHost>
{
    private readonly HttpClient _http = host.Http;

    public static TheoryData<string> Targets => [.. ScenarioTargets.Names];

    [Fact]
    public async Task Metrics_as_prometheus_asks_openmetrics_gzipped_hold_runtime_and_contract_families_and_one_eof_at_the_end()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        await using var gzip = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var text = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.EndsWith("\n# EOF\n", text, StringComparison.Ordinal);
        Assert.Equal(text.Length - "# EOF\n".Length, text.IndexOf("# EOF", StringComparison.Ordinal));
        Assert.Contains("\nprocess_cpu_seconds_total{} ", text, StringComparison.Ordinal);
        Assert.Contains("\n# TYPE pushexporter_probes counter\n# HELP pushexporter_probes Probes run.\n", text, StringComparison.Ordinal);
        Assert.NotEmpty(ExpositionText.Parse(text));
    }

    [Fact]
    public async Task After_a_timer_run_metrics_carry_every_scenario_outcome()
    {
        var samples = await ScrapeUntil(s => world.Targets.Keys.All(t => s.Value("pushexporter_probe_last_run_timestamp_seconds", ("target", t)) is not null));
        foreach (var (target, reason) in world.Targets)
        {
            var context = $"target {target}: probe_success {samples.Value("pushexporter_probe_success", ("target", target))}, reason {samples.FirstOrDefault(s => s.Name == "pushexporter_probe_failure_reason" && s.Labels["target"] == target && s.Value == 1)?.Labels["reason"]}";
            Assert.True((reason is null ? 1 : 0) == samples.Value("pushexporter_probe_success", ("target", target)), context);
            Assert.True(samples.Value("pushexporter_probes_total", ("target", target)) >= 1, context);
            foreach (var each in FailureReasons.All)
            {
                Assert.True((each == reason ? 1 : 0) == samples.Value("pushexporter_probe_failure_reason", ("target", target), ("reason", each)), $"{context} reason {each}");
                var failures = samples.Value("pushexporter_probe_failures_total", ("target", target), ("reason", each));
                Assert.True(each == reason ? failures >= 1 : failures == 0, $"{context} failures_total{{reason={each}}} = {failures}");
            }

            Assert.NotNull(samples.Value("pushexporter_probe_duration_seconds", ("target", target)));
            Assert.NotNull(samples.Value("pushexporter_sip_status_code", ("target", target)));
        }

        Assert.Equal(200, samples.Value("pushexporter_sip_status_code", ("target", "ok_tls")));
        Assert.Equal(504, samples.Value("pushexporter_sip_status_code", ("target", "missing_srv_diagnostics")));
        Assert.Equal(1008, samples.Value("pushexporter_sip_diagnostic_code", ("target", "missing_srv_diagnostics")));
        Assert.Equal(1046, samples.Value("pushexporter_sip_diagnostic_code", ("target", "server_timeout")));
        Assert.Equal(1027, samples.Value("pushexporter_sip_diagnostic_code", ("target", "federation_denied")));
        Assert.Equal(0, samples.Value("pushexporter_sip_status_code", ("target", "silence")));
        Assert.True(samples.Value("pushexporter_tls_certificate_expiry_timestamp_seconds", ("target", "ok_tls")) > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.NotNull(samples.Value("pushexporter_tls_certificate_expiry_timestamp_seconds", ("target", "tls_untrusted")));
        Assert.Equal(1, samples.Value("pushexporter_check_success", ("target", "ok_tls"), ("check", "dns_srv")));
        Assert.Equal(1, samples.Value("pushexporter_check_success", ("target", "ok_tls"), ("check", "edge_tls")));
        Assert.Null(samples.Value("pushexporter_check_success", ("target", "ok_tls"), ("check", "proxy_uri")));
        Assert.Equal(0, samples.Value("pushexporter_check_success", ("target", "blocked_prefix_site"), ("check", "im_filter")));
        Assert.Null(samples.Value("pushexporter_check_success", ("target", "blocked_prefix_site"), ("check", "push_route")));
        Assert.True(samples.Value("pushexporter_probe_last_success_timestamp_seconds", ("target", "ok_exports")) > 0);
        Assert.Null(samples.Value("pushexporter_probe_last_success_timestamp_seconds", ("target", "busy")));
        Assert.Equal(1, samples.Value("pushexporter_config_last_reload_successful"));
        Assert.Equal(1, samples.Value("pushexporter_build_info"));
        Assert.NotNull(samples.Value("pushexporter_probe_latency_seconds_bucket", ("target", "ok_tls"), ("le", "0.005")));
        Assert.NotNull(samples.Value("pushexporter_probe_phase_duration_seconds", ("target", "ok_tls"), ("phase", "tls")));
    }

    [Fact]
    public async Task Target_info_is_1_for_every_configured_target_with_its_labels()
    {
        var samples = ExpositionText.Parse(await _http.GetStringAsync(new Uri("metrics", UriKind.Relative), TestContext.Current.CancellationToken));
        var info = samples.Where(s => s.Name == "pushexporter_target_info").ToList();

        Assert.Equal(world.Targets.Keys.Order(StringComparer.Ordinal), info.Select(s => s.Labels["target"]).Order(StringComparer.Ordinal));
        Assert.All(info, s => Assert.Equal(1, s.Value));
        var exports = Assert.Single(info, s => s.Labels["target"] == "ok_exports");
        Assert.Equal("edge.test", exports.Labels["access_edge_fqdn"]);
        Assert.Equal("Redmond", exports.Labels["site"]);
        Assert.Equal("tcp", exports.Labels["transport"]);
        Assert.Equal("push_route", exports.Labels["module"]);
        var refused = Assert.Single(info, s => s.Labels["target"] == "refused");
        Assert.Equal("127.0.0.1", refused.Labels["access_edge_fqdn"]);
        Assert.Equal(string.Empty, refused.Labels.GetValueOrDefault("site", string.Empty));
    }

    [Fact]
    public async Task Every_series_is_exposed_once_and_the_latency_histogram_has_only_second_scale_buckets()
    {
        var samples = await ScrapeUntil(s => s.Value("pushexporter_probe_latency_seconds_count", ("target", "ok_tls")) is not null);
        var duplicates = samples
            .GroupBy(s => s.Name + "{" + string.Join(',', s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}")
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();
        Assert.Empty(duplicates);
        var bounds = samples
            .Where(s => s.Name == "pushexporter_probe_latency_seconds_bucket" && s.Labels["target"] == "ok_tls")
            .Select(s => s.Labels["le"])
            .ToList();
        string[] expected = [.. PushExporter.Metrics.ProbeLatencyHistograms.Buckets.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)), "+Inf"];
        Assert.Equal(expected, bounds);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Probe_endpoint_answers_each_scenario(string target)
    {
        var reason = world.Targets[target];
        using var response = await _http.GetAsync(new Uri($"probe?target={target}", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var samples = ExpositionText.Parse(body);
        Assert.True((reason is null ? 1 : 0) == samples.Value("probe_success"), body);
        foreach (var each in FailureReasons.All)
        {
            Assert.True((each == reason ? 1 : 0) == samples.Value("probe_failure_reason", ("reason", each)), body);
        }

        Assert.NotNull(samples.Value("probe_duration_seconds"));
        Assert.NotNull(samples.Value("probe_sip_status_code"));
        Assert.NotNull(samples.Value("probe_sip_diagnostic_code"));
    }

    [Fact]
    public async Task Probe_debug_returns_the_whole_trace()
    {
        var body = await _http.GetStringAsync(new Uri("probe?target=missing_srv_diagnostics&debug=true", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("OPTIONS sip:push@push.lync.com SIP/2.0", body, StringComparison.Ordinal);
        Assert.Contains("SIP/2.0 504", body, StringComparison.Ordinal);
        Assert.Contains("ms-diagnostics: 1008", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Reason     : missing_srv", body, StringComparison.Ordinal);
        Assert.Contains("probe_success 0", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_deadline_follows_the_scrape_timeout_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "probe?target=silence");
        request.Headers.Add("X-Prometheus-Scrape-Timeout-Seconds", "1.5");
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var samples = ExpositionText.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, samples.Value("probe_failure_reason", ("reason", "timeout")));
        // The probe gives up at the scrape timeout less the offset (1.5 s - 0.5 s), not at the module's 2 s.
        Assert.InRange(samples.Value("probe_duration_seconds")!.Value, 0.9, 1.45);
    }

    [Theory]
    [InlineData("probe", "the target parameter is missing")]
    [InlineData("probe?target=unknown-edge", "unknown target \"unknown-edge\"")]
    [InlineData("probe?target=ok_tls&module=nope", "unknown module \"nope\"")]
    public async Task Bad_probe_requests_get_400_with_a_clear_message(string path, string message)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_carry_the_exporters_own_process_and_runtime_metrics()
    {
        var samples = await ScrapeUntil(s => s.Value("process_cpu_seconds_total") is not null);

        Assert.True(samples.Value("process_cpu_seconds_total") > 0);
        Assert.True(samples.Value("process_resident_memory_bytes") > 1_000_000);
        Assert.True(samples.Value("process_virtual_memory_bytes") >= samples.Value("process_resident_memory_bytes"));
        var started = DateTimeOffset.FromUnixTimeMilliseconds((long)(samples.Value("process_start_time_seconds")!.Value * 1000));
        Assert.InRange(started, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow);
        Assert.True(samples.Value("process_open_fds") > 0);
        Assert.True(samples.Value("process_max_fds") >= samples.Value("process_open_fds"));
        Assert.Contains(samples, s => s.Name == "dotnet_gc_collections_total");
        Assert.Contains(samples, s => s.Name == "dotnet_thread_pool_thread_count_total" || s.Name == "dotnet_thread_pool_thread_count");
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        Assert.Equal("Healthy\n", await _http.GetStringAsync(new Uri("-/healthy", UriKind.Relative), TestContext.Current.CancellationToken));
        Assert.Equal("Ready\n", await _http.GetStringAsync(new Uri("-/ready", UriKind.Relative), TestContext.Current.CancellationToken));
    }

    private async Task<IReadOnlyList<ExpositionText.Sample>> ScrapeUntil(Func<IReadOnlyList<ExpositionText.Sample>, bool> done)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var samples = ExpositionText.Parse(await _http.GetStringAsync(new Uri("metrics", UriKind.Relative), deadline.Token));
            if (done(samples))
            {
                return samples;
            }

            await Task.Delay(200, deadline.Token);
        }
    }
}
