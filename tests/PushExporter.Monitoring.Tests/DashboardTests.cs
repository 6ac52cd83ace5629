using System.Text.Json.Nodes;

namespace PushExporter.Monitoring.Tests;

/// <summary>The shipped Grafana dashboards and their provisioning files.</summary>
public sealed class DashboardTests
{
    [Fact]
    public void The_two_dashboards_ship_with_stable_uids_equal_to_their_file_names()
    {
        var uids = RepositoryLayout.DashboardFiles.ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => Load(f)["uid"]?.GetValue<string>());

        Assert.Equal(["pushexporter-edge", "pushexporter-overview"], uids.Keys.Order(StringComparer.Ordinal));
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
                  "targets": [ { "refId": "A", "expr": "rate(pushexporter_probes_total[5m])" } ] }
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
        Assert.Contains("should be [$__rate_interval]", problems, StringComparison.Ordinal);
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

    public static TheoryData<string> Dashboards() => [.. RepositoryLayout.DashboardFiles.Select(f => Path.GetFileName(f))];

    private static JsonNode Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.IsPathRooted(file) ? file : Path.Combine(RepositoryLayout.DashboardsDirectory, file)))!;
}
