using System.Text.Json.Nodes;

namespace PushExporter.Monitoring.Tests;

/// <summary>The shipped Grafana dashboards and their provisioning files.</summary>
public sealed class DashboardTests
{
    [Fact]
    public void The_three_dashboards_ship_with_stable_uids_equal_to_their_file_names()
    {
        var uids = RepositoryLayout.DashboardFiles.ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => Load(f)["uid"]?.GetValue<string>());

        Assert.Equal(["pushexporter-edge", "pushexporter-overview", "pushexporter-probe"], uids.Keys.Order(StringComparer.Ordinal));
        Assert.All(uids, pair => Assert.Equal(pair.Key, pair.Value));
        Assert.All(RepositoryLayout.DashboardFiles, f => Assert.Null(Load(f)["id"]));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_passes_the_dashboard_linter_rules(string file)
    {
        var problems = DashboardLinter.Lint(Load(file));

        Assert.True(problems.Count == 0, $"{file}:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void Edge_detail_selects_one_target()
    {
        var edge = Load(Path.Combine(RepositoryLayout.DashboardsDirectory, "pushexporter-edge.json"));

        var target = Assert.Single(edge["templating"]!["list"]!.AsArray(), v => v!["name"]!.GetValue<string>() == "target");
        Assert.Equal("query", target!["type"]!.GetValue<string>());
        Assert.All(DashboardLinter.Panels(edge).SelectMany(p => p["targets"]!.AsArray()),
            t => Assert.Contains("target=~\"$target\"", t!["expr"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public void Overview_has_the_panels_of_issue_4()
    {
        var overview = Load(Path.Combine(RepositoryLayout.DashboardsDirectory, "pushexporter-overview.json"));
        var expressions = string.Join('\n', DashboardLinter.Expressions(overview));

        foreach (var metric in new[]
                 {
                     "pushexporter_probe_success", "pushexporter_probe_failure_reason", "pushexporter_probe_failures_total",
                     "pushexporter_probe_latency_seconds_bucket", "pushexporter_probe_last_success_timestamp_seconds",
                     "pushexporter_tls_certificate_expiry_timestamp_seconds", "pushexporter_check_success",
                     "pushexporter_config_last_reload_successful", "pushexporter_build_info",
                 })
        {
            Assert.Contains(metric, expressions, StringComparison.Ordinal);
        }

        foreach (var quantile in new[] { "0.5", "0.95", "0.99" })
        {
            Assert.Contains($"histogram_quantile({quantile},", expressions, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Overview_links_each_target_to_its_edge_detail_and_each_reason_to_its_runbook()
    {
        var overview = Load("pushexporter-overview.json");
        var links = Links(overview).ToList();

        Assert.Contains(links, l => l.StartsWith("/d/pushexporter-edge?", StringComparison.Ordinal) && l.Contains("var-target=${__value.raw}", StringComparison.Ordinal));
        Assert.Contains(links, l => l.StartsWith("/d/pushexporter-edge?", StringComparison.Ordinal) && l.Contains("var-target=${__field.labels.target}", StringComparison.Ordinal));
        Assert.All(links.Where(l => l.StartsWith("/d/", StringComparison.Ordinal)), l =>
        {
            Assert.Contains("${job:queryparam}", l, StringComparison.Ordinal);
            Assert.Contains("${instance:queryparam}", l, StringComparison.Ordinal);
            Assert.Contains("${__url_time_range}", l, StringComparison.Ordinal);
        });
        Assert.Contains(links, l => l.EndsWith("/runbooks.md#${__value.raw}", StringComparison.Ordinal));
        Assert.Contains(links, l => l.EndsWith("/runbooks.md#${__field.labels.reason}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pushexporter-overview.json", "pushexporter_probe_success")]
    [InlineData("pushexporter-edge.json", "pushexporter_probe_success")]
    [InlineData("pushexporter-probe.json", "probe_success")]
    public void Availability_is_the_average_of_the_success_gauge_over_the_time_range(string file, string metric)
    {
        var expressions = DashboardLinter.Expressions(Load(file)).ToList();

        Assert.Contains(expressions, e => e.Contains($"avg_over_time({metric}{{", StringComparison.Ordinal) && e.Contains("[$__range])", StringComparison.Ordinal));
        // The counter ratio that was jagged (or NaN) when a window held no probe is gone.
        Assert.DoesNotContain(expressions, e => e.Contains("rate(pushexporter_probes_total", StringComparison.Ordinal) && e.Contains('/', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pushexporter-edge.json")]
    [InlineData("pushexporter-probe.json")]
    public void State_timelines_show_reasons_and_SIP_codes_with_runbook_links(string file)
    {
        var timelines = DashboardLinter.Panels(Load(file)).Where(p => p["type"]!.GetValue<string>() == "state-timeline").ToList();

        var reasons = Assert.Single(timelines, p => Expressions(p).Any(e => e.Contains("failure_reason{", StringComparison.Ordinal)));
        Assert.Contains(Links(reasons), l => l.EndsWith("/runbooks.md#${__field.labels.reason}", StringComparison.Ordinal));
        var codes = Assert.Single(timelines, p => Expressions(p).Any(e => e.Contains("sip_status_code{", StringComparison.Ordinal)));
        Assert.Contains(Expressions(codes), e => e.Contains("diagnostic", StringComparison.Ordinal));
    }

    [Fact]
    public void The_probe_board_reads_the_blackbox_style_names_of_the_probe_endpoint()
    {
        var probe = Load("pushexporter-probe.json");
        var metrics = DashboardLinter.Expressions(probe).SelectMany(PromQlScanner.Selectors).Select(s => s.Metric).ToHashSet(StringComparer.Ordinal);

        Assert.All(metrics, m => Assert.True(m == "up" || MetricContract.ProbeEndpointMetrics.Contains(m), $"{m} is not served by /probe"));
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "probe_success", "probe_duration_seconds", "probe_failure_reason", "probe_sip_status_code", "probe_ssl_earliest_cert_expiry", "probe_dns_lookup_time_seconds", "probe_phase_duration_seconds" }, metrics);
    }

    [Fact]
    public void The_linter_reports_what_it_is_meant_to_catch()
    {
        var bad = JsonNode.Parse("""
            {
              "uid": "x",
              "templating": { "list": [
                { "name": "job", "type": "custom", "multi": false },
                { "name": "unused", "type": "query", "datasource": { "type": "prometheus", "uid": "abc123" }, "query": { "query": "label_values(up, job)" } }
              ] },
              "panels": [
                { "type": "timeseries", "title": "t", "datasource": { "type": "prometheus", "uid": "P1809F7CD0C75ACF3" },
                  "fieldConfig": { "defaults": {} },
                  "targets": [ { "refId": "A", "expr": "rate(pushexporter_probes_total[5m])" },
                               { "refId": "B", "expr": "rate(pushexporter_probes_total[$__range])" } ] }
              ]
            }
            """)!;

        var problems = string.Join('\n', DashboardLinter.Lint(bad));

        Assert.Contains("expected one datasource variable", problems, StringComparison.Ordinal);
        Assert.Contains("is missing the instance variable", problems, StringComparison.Ordinal);
        Assert.Contains("job variable should be a multi select", problems, StringComparison.Ordinal);
        Assert.Contains("has no description", problems, StringComparison.Ordinal);
        Assert.Contains("invalid unit", problems, StringComparison.Ordinal);
        Assert.Contains("does not use the templated prometheus datasource", problems, StringComparison.Ordinal);
        Assert.Contains("range [5m] should be [$__rate_interval]", problems, StringComparison.Ordinal);
        Assert.Contains("range [$__range] should be [$__rate_interval]", problems, StringComparison.Ordinal);
        Assert.Contains("has no job=~\"$job\" matcher", problems, StringComparison.Ordinal);
        Assert.Contains("is hard-coded", problems, StringComparison.Ordinal);
        Assert.Contains("variable 'unused' is not used", problems, StringComparison.Ordinal);
    }

    [Fact]
    public void Provisioning_points_grafana_at_prometheus_and_the_dashboards()
    {
        var datasource = File.ReadAllText(Path.Combine(RepositoryLayout.ProvisioningDirectory, "datasources", "prometheus.yml"));
        var provider = File.ReadAllText(Path.Combine(RepositoryLayout.ProvisioningDirectory, "dashboards", "pushexporter.yml"));

        Assert.Contains("type: prometheus", datasource, StringComparison.Ordinal);
        Assert.Contains("timeInterval:", datasource, StringComparison.Ordinal);
        Assert.Contains("type: file", provider, StringComparison.Ordinal);
        Assert.Contains("path: /var/lib/grafana/dashboards/pushexporter", provider, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Expressions(JsonNode panel) =>
        panel["targets"]!.AsArray().Select(t => t!["expr"]!.GetValue<string>());

    /// <summary>Every data link URL anywhere in the dashboard or panel (defaults and overrides).</summary>
    private static IEnumerable<string> Links(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "url" && p.Value is JsonValue v && v.TryGetValue<string>(out var url) ? [url] : Links(p.Value)),
        JsonArray array => array.SelectMany(Links),
        _ => [],
    };

    public static TheoryData<string> Dashboards() => [.. RepositoryLayout.DashboardFiles.Select(f => Path.GetFileName(f))];

    private static JsonNode Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.IsPathRooted(file) ? file : Path.Combine(RepositoryLayout.DashboardsDirectory, file)))!;
}
