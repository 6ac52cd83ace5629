using System.Text.RegularExpressions;

namespace PushExporter.Monitoring.Tests;

/// <summary>What every shipped alert must carry, and that promtool exercises each one both ways.</summary>
public sealed partial class AlertRulesTests
{
    // The mixin's defaults (mixin/config.libsonnet): placeholders that users replace.
    private const string RunbookBase = "https://git.example.com/pushexporter/pushexporter/blob/main/docs/runbooks.md#";
    private const string GrafanaBase = "https://grafana.example.com/d/";
    private const string JobSelector = "job=\"pushexporter\"";

    private static readonly IReadOnlyList<AlertingRule> _alerts = RuleFiles.LoadAlerts();

    private static readonly string[] _severities = ["critical", "warning"];

    private static readonly string[] _annotationKeys = ["dashboard_url", "description", "runbook_url", "summary"];

    [Fact]
    public void Every_alert_has_a_severity_a_summary_a_description_with_a_fix_and_a_runbook()
    {
        Assert.NotEmpty(_alerts);
        var anchors = RunbookAnchors();
        foreach (var alert in _alerts)
        {
            Assert.True(alert.Labels.TryGetValue("severity", out var severity), $"{alert.Alert}: no severity");
            Assert.Contains(severity, _severities);
            Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("summary")), $"{alert.Alert}: no summary");

            var description = alert.Annotations.GetValueOrDefault("description") ?? string.Empty;
            Assert.Contains("reason", description, StringComparison.Ordinal);
            Assert.Matches("Fix: |apply the fix", description);

            var runbook = alert.Annotations.GetValueOrDefault("runbook_url") ?? string.Empty;
            Assert.StartsWith(RunbookBase, runbook, StringComparison.Ordinal);
            Assert.Contains(runbook[RunbookBase.Length..], anchors);
        }
    }

    [Fact]
    public void Every_alert_links_the_dashboard_of_its_series()
    {
        var uids = RepositoryLayout.DashboardFiles.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
        foreach (var alert in _alerts)
        {
            var url = alert.Annotations.GetValueOrDefault("dashboard_url") ?? string.Empty;
            Assert.StartsWith(GrafanaBase, url, StringComparison.Ordinal);
            var uid = url[GrafanaBase.Length..].Split('?')[0];
            Assert.Contains(uid, uids);
            Assert.Contains("var-job={{ $labels.job | urlquery }}&var-instance={{ $labels.instance | urlquery }}", url, StringComparison.Ordinal);
            if (alert.Annotations["summary"].Contains("{{ $labels.target }}", StringComparison.Ordinal) && alert.Alert != "PushExporterTargetMissing")
            {
                Assert.Equal("pushexporter-edge", uid);
                Assert.EndsWith("&var-target={{ $labels.target | urlquery }}", url, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Every_selector_of_every_alert_carries_the_job_selector()
    {
        foreach (var alert in _alerts)
        {
            var selectors = PromQlScanner.Selectors(alert.Expr).ToList();
            Assert.NotEmpty(selectors);
            Assert.All(selectors, s => Assert.True(
                s.Matchers.Split(',').Contains(JobSelector), $"{alert.Alert}: {s.Metric}{{{s.Matchers}}} lacks {JobSelector}"));
        }
    }

    [Fact]
    public void Alerts_about_an_edge_name_the_target_in_summary_and_description()
    {
        foreach (var alert in _alerts.Where(a => a.Alert is not ("PushExporterDown" or "PushExporterConfigReloadFailed")))
        {
            Assert.Contains("{{ $labels.target }}", alert.Annotations["summary"], StringComparison.Ordinal);
            Assert.Contains("{{ $labels.target }}", alert.Annotations["description"], StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(ActionableReasons))]
    public void Every_actionable_reason_has_one_alert_with_its_runbook_section(string reason)
    {
        var alert = Assert.Single(_alerts, a => a.Expr.Contains($"reason=\"{reason}\"", StringComparison.Ordinal));

        Assert.Equal($"pushexporter_probe_failure_reason{{{JobSelector},reason=\"{reason}\"}} == 1", alert.Expr.Trim());
        Assert.Equal(RunbookBase + reason, alert.Annotations["runbook_url"]);
        Assert.Contains($"reason {reason}", alert.Annotations["description"], StringComparison.Ordinal);
        Assert.Equal("critical", alert.Labels["severity"]);
        Assert.True(ForDuration(alert) >= TimeSpan.FromMinutes(2), $"{alert.Alert}: one failed probe must not page");
    }

    [Fact]
    public void Unexpected_response_has_no_alert_of_its_own_and_route_down_covers_it()
    {
        Assert.DoesNotContain(_alerts, a => a.Expr.Contains("unexpected_response", StringComparison.Ordinal));

        var routeDown = Assert.Single(_alerts, a => a.Alert == "PushExporterRouteDown");
        Assert.Equal($"pushexporter_probe_success{{{JobSelector}}} == 0", routeDown.Expr.Trim());
        Assert.True(ForDuration(routeDown) >= TimeSpan.FromMinutes(2), "two default (60s) probe intervals");
    }

    [Fact]
    public void Aggregating_rules_keep_job_instance_and_target_for_grouping_and_inhibition()
    {
        foreach (var alert in _alerts)
        {
            foreach (Match by in ByClause().Matches(alert.Expr))
            {
                var labels = by.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries);
                Assert.Contains("job", labels);
                Assert.Contains("instance", labels);
                Assert.Contains("target", labels);
            }
        }
    }

    [Fact]
    public void Every_alert_has_a_promtool_case_where_it_fires_and_one_where_it_does_not()
    {
        var cases = RuleFiles.LoadAlertTestCases();
        foreach (var name in _alerts.Select(a => a.Alert!).Distinct())
        {
            Assert.True(cases.Any(c => c.Alertname == name && c.ExpAlerts.Count > 0), $"{name}: no case where it fires");
            Assert.True(cases.Any(c => c.Alertname == name && c.ExpAlerts.Count == 0), $"{name}: no case where it stays quiet");
        }

        foreach (var alert in _alerts)
        {
            var severity = alert.Labels["severity"];
            Assert.True(
                cases.Any(c => c.Alertname == alert.Alert && c.ExpAlerts.Any(e => e.ExpLabels.GetValueOrDefault("severity") == severity)),
                $"{alert.Alert} ({severity}): no case where it fires");
        }
    }

    [Fact]
    public void Firing_cases_state_every_label_and_annotation()
    {
        foreach (var @case in RuleFiles.LoadAlertTestCases())
        {
            foreach (var expected in @case.ExpAlerts)
            {
                var context = $"{@case.File}: {@case.Test} at {@case.EvalTime}";
                Assert.True(expected.ExpLabels.ContainsKey("severity"), context);
                Assert.Equal(_annotationKeys, expected.ExpAnnotations.Keys.Order(StringComparer.Ordinal));
                Assert.DoesNotContain("{{", expected.ExpAnnotations["description"], StringComparison.Ordinal);
                if (expected.ExpLabels.TryGetValue("target", out var target))
                {
                    Assert.Contains(target, expected.ExpAnnotations["description"], StringComparison.Ordinal);
                }
            }
        }
    }

    public static TheoryData<string> ActionableReasons() => [.. MetricContract.ActionableReasons];

    internal static HashSet<string> RunbookAnchors() =>
        [.. File.ReadLines(RepositoryLayout.Runbooks).Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..].Trim())];

    private static TimeSpan ForDuration(AlertingRule alert)
    {
        var match = Duration().Match(alert.For ?? "0s");
        Assert.True(match.Success, $"{alert.Alert}: unreadable for: {alert.For}");
        var value = int.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => throw new FormatException(alert.For),
        };
    }

    [GeneratedRegex(@"^(?<value>\d+)(?<unit>[smh])$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"\bby\s*\((?<labels>[^)]*)\)")]
    private static partial Regex ByClause();
}
