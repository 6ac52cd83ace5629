namespace PushExporter.Monitoring.Tests;

/// <summary>Dashboards and rules query only the metric names of PRODUCT.md's contract.</summary>
public sealed class MetricNameContractTests
{
    [Fact]
    public void Every_dashboard_query_uses_contract_metric_names_only()
    {
        var queries = RepositoryLayout.DashboardFiles
            .SelectMany(f => DashboardLinter.Expressions(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(f))!)
                .Select(e => (Source: Path.GetFileName(f), Expr: e)))
            .ToList();

        Assert.NotEmpty(queries);
        AssertKnown(queries);
    }

    [Fact]
    public void Every_rule_expression_uses_contract_metric_names_only()
    {
        var queries = RuleFiles.LoadAlerts().Select(a => (Source: a.Alert!, a.Expr)).ToList();

        Assert.NotEmpty(queries);
        AssertKnown(queries);
    }

    [Theory]
    [InlineData("sum by (target, le) (rate(pushexporter_probe_latency_seconds_bucket{job=~\"$job\"}[$__rate_interval]))", "pushexporter_probe_latency_seconds_bucket")]
    [InlineData("time() - pushexporter_probe_last_run_timestamp_seconds > 180 and pushexporter_probe_last_run_timestamp_seconds > 0", "pushexporter_probe_last_run_timestamp_seconds,pushexporter_probe_last_run_timestamp_seconds")]
    [InlineData("label_values(pushexporter_build_info{job=~\"$job\"}, instance)", "pushexporter_build_info")]
    [InlineData("label_values(job)", "")]
    [InlineData("max by (target, reason) (pushexporter_probe_failure_reason{reason=\"a,b\"} == 1) offset 5m", "pushexporter_probe_failure_reason")]
    [InlineData("up{job=\"pushexporter\"} == 0 unless on (instance) group_left (version) pushexporter_build_info", "up,pushexporter_build_info")]
    [InlineData("sum(rate(pushexporter_probe_latency_seconds_count[1m])) by (target) / 1e3", "pushexporter_probe_latency_seconds_count")]
    public void The_scanner_finds_exactly_the_metric_names(string expr, string expected) =>
        Assert.Equal(
            expected.Split(',', StringSplitOptions.RemoveEmptyEntries),
            PromQlScanner.Selectors(expr).Select(s => s.Metric));

    [Theory]
    [InlineData("pushexporter_probe_latency_seconds_bucket", true)]
    [InlineData("pushexporter_probe_latency_seconds_sum", true)]
    [InlineData("probe_ssl_earliest_cert_expiry", true)]
    [InlineData("up", true)]
    [InlineData("pushexporter_probe_success_bucket", false)]
    [InlineData("pushexporter_probe_latency_seconds_total", false)]
    [InlineData("pushexporter_probe_reason", false)]
    public void Only_contract_names_and_histogram_series_are_known(string name, bool known) =>
        Assert.Equal(known, MetricContract.IsKnown(name));

    private static void AssertKnown(List<(string Source, string Expr)> queries)
    {
        var unknown = queries
            .SelectMany(q => PromQlScanner.Selectors(q.Expr).Select(s => (q.Source, s.Metric, q.Expr)))
            .Where(x => !MetricContract.IsKnown(x.Metric))
            .Select(x => $"{x.Source}: '{x.Metric}' in {x.Expr}")
            .ToList();

        Assert.True(unknown.Count == 0, "names outside PRODUCT.md's metric table:\n" + string.Join('\n', unknown));
    }
}
