using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PushExporter.Monitoring.Tests.Paging;

/// <summary>
/// The paging path end to end, every process real and on loopback (see <see cref="PagingWorld"/>):
/// exporter → Prometheus (shipped rules) → Alertmanager (shipped routing and inhibition) →
/// webhook. For every actionable failure reason, the alert of that reason reaches the
/// webhook on the critical route with the labels and annotations of the shipped rule; once
/// the scenario is fixed, the resolved notification follows.
/// <para>
/// The shipped rules are written for a 60s probe interval (for: 2m, [5m] windows); this test
/// probes every second, so Prometheus evaluates a copy whose for: durations and range windows
/// are divided by 60 (<see cref="ScaledRules"/>, built from the shipped file at run time).
/// Expressions, labels and annotations are the shipped ones, which the first assertion checks.
/// </para>
/// </summary>
[Trait("Category", "Integration")]
[Collection(SharedPagingWorld.Name)]
public sealed partial class PagingPathTests(PagingWorld world)
{
    private static readonly TimeSpan _alertTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Every_failure_reason_pages_with_its_alert_and_resolves_when_fixed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var shipped = RuleFiles.LoadAlerts();
        var scaled = RuleFiles.ParseAlerts(await File.ReadAllTextAsync(world.RulesPath, cancellationToken));
        AssertOnlyTheTimeScaleDiffers(shipped, scaled);

        // Firing: one notification per scenario, as the shipped rule says it should read.
        foreach (var (target, alertname) in PagingWorld.Scenarios)
        {
            var rule = Assert.Single(shipped, r => r.Alert == alertname);
            var alert = await world.Webhook.WaitForAsync(
                a => a.Status == "firing" && a.Label("alertname") == alertname && a.Label("target") == target,
                _alertTimeout,
                cancellationToken);
            Assert.True(alert is not null, $"no firing {alertname} for target {target} within {_alertTimeout}\n{world.PeerOutput}");
            AssertAsShipped(rule, alert, target, reason: target);
        }

        // A route down for a reason without an alert of its own (486: unexpected_response) pages as
        // PushExporterRouteDown, whose description looks up the reason with a query.
        var routeDown = await world.Webhook.WaitForAsync(
            a => a.Status == "firing" && a.Label("alertname") == "PushExporterRouteDown" && a.Label("target") == "unexpected",
            _alertTimeout,
            cancellationToken);
        Assert.True(routeDown is not null, $"no firing PushExporterRouteDown for target unexpected\n{world.PeerOutput}");
        Assert.Contains("last reason: unexpected_response.", routeDown.Annotation("description"), StringComparison.Ordinal);
        Assert.Equal("critical", routeDown.Label("severity"));
        Assert.Equal("/alerts/critical", routeDown.Path);

        // The reason alerts inhibit the generic route-down page of their target: no duplicate page.
        Assert.DoesNotContain(world.Webhook.Alerts, a =>
            a.Label("alertname") == "PushExporterRouteDown" && PagingWorld.Scenarios.ContainsKey(a.Label("target")));

        // Resolved: fix every scenario, then every page above is resolved.
        var fixedAt = DateTimeOffset.UtcNow;
        await world.RecoverAsync(cancellationToken);
        foreach (var (target, alertname) in PagingWorld.Scenarios)
        {
            var resolved = await world.Webhook.WaitForAsync(
                a => a.Status == "resolved" && a.ReceivedAt >= fixedAt && a.Label("alertname") == alertname && a.Label("target") == target,
                _alertTimeout,
                cancellationToken);
            Assert.True(resolved is not null, $"no resolved {alertname} for target {target} within {_alertTimeout} of the fix\n{world.PeerOutput}");
            Assert.Equal("/alerts/critical", resolved.Path);
        }

        TestContext.Current.SendDiagnosticMessage($"paging path: all pages fired and resolved in {clock.Elapsed.TotalSeconds:F1}s");
    }

    private static void AssertAsShipped(AlertingRule rule, WebhookAlert alert, string target, string reason)
    {
        var where = $"{rule.Alert} for {target}: {alert}";
        Assert.True(alert.Path == "/alerts/critical", $"{where}: routed to {alert.Path}");
        Assert.Equal("pushexporter-critical", alert.Receiver);
        foreach (var (name, value) in rule.Labels)
        {
            Assert.True(alert.Label(name) == value, $"{where}: label {name} is '{alert.Label(name)}', the rule says '{value}'");
        }

        Assert.Equal(reason, alert.Label("reason"));
        Assert.Equal("pushexporter", alert.Label("job"));

        // The reason alerts' annotations template only labels (the dashboard link URL-encoded):
        // render them and compare exactly.
        foreach (var (name, template) in rule.Annotations)
        {
            var expected = LabelTemplate().Replace(template, m =>
            {
                var value = alert.Label(m.Groups["label"].Value);
                return m.Groups["urlquery"].Success ? Uri.EscapeDataString(value) : value;
            });
            Assert.DoesNotMatch(OtherTemplate(), expected);
            Assert.True(alert.Annotation(name) == expected, $"{where}: annotation {name} is\n{alert.Annotation(name)}\nexpected\n{expected}");
        }

        Assert.Contains(target, alert.Annotation("summary"), StringComparison.Ordinal);
        Assert.Contains($"Edge {target} fail with reason {reason}", alert.Annotation("description"), StringComparison.Ordinal);
        Assert.Contains("Fix: ", alert.Annotation("description"), StringComparison.Ordinal);
        Assert.EndsWith($"docs/runbooks.md#{reason}", alert.Annotation("runbook_url"), StringComparison.Ordinal);
    }

    private static void AssertOnlyTheTimeScaleDiffers(IReadOnlyList<AlertingRule> shipped, IReadOnlyList<AlertingRule> scaled)
    {
        Assert.Equal(shipped.Count, scaled.Count);
        foreach (var (original, test) in shipped.Zip(scaled))
        {
            Assert.Equal(original.Alert, test.Alert);
            Assert.Equal(original.Labels, test.Labels);
            Assert.Equal(original.Annotations, test.Annotations);
            Assert.Equal(original.For is null ? null : ScaledRules.Divide(original.For), test.For);
            Assert.Equal(RangeWindow().Replace(original.Expr, m => $"[{ScaledRules.Divide(m.Groups[1].Value)}]"), test.Expr);
        }
    }

    [GeneratedRegex(@"\[(\d+[smhd])\]")]
    private static partial Regex RangeWindow();

    [GeneratedRegex(@"\{\{")]
    private static partial Regex OtherTemplate();

    [GeneratedRegex(@"\{\{ \$labels\.(?<label>[a-z_]+)(?<urlquery> \| urlquery)? \}\}")]
    private static partial Regex LabelTemplate();
}
