using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using PushExporter.Vocabulary;

namespace PushExporter.Monitoring.Tests.Paging;

/// <summary>
/// The paging path end to end, every process real and on loopback (see <see cref="PagingWorld"/>):
/// exporter → Prometheus (shipped rules) → Alertmanager (shipped routing and inhibition) →
/// webhook. For every actionable failure reason, the alert of that reason reaches the
/// webhook on the critical route with the labels and annotations of the shipped rule (the
/// parts that query other series — the site and the FQDN from pushexporter_target_info, the
/// failing check, the ms-diagnostics code — rendered as this world makes them); a target whose
/// Lync exports cannot be used raises warnings only, never a page; once the scenarios are
/// fixed, the resolved notifications follow.
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

        // What only a join knows, as this world makes it: the site from pushexporter_target_info
        // (never a documentation placeholder), the hop of a TLS failure, the code of a refusal.
        var fired = world.Webhook.Alerts.Where(a => a.Status == "firing").ToList();
        string Description(string target) => fired.First(a => a.Label("target") == target && a.Label("reason") == target).Annotation("description");
        Assert.Contains($"for this Edge: Site:{PagingWorld.Site} if that scope exists, else Global.", Description(FailureReasons.PushDisabled), StringComparison.Ordinal);
        Assert.Contains("else Site:Redmond if that scope exists, else Global.", Description(FailureReasons.BadUri), StringComparison.Ordinal);
        Assert.Contains("for this Edge: Global (the target has no site).", Description(FailureReasons.BlockedPrefix), StringComparison.Ordinal);
        Assert.Contains("the probe's TLS to the Edge (check edge_tls)", Description(FailureReasons.TlsFailed), StringComparison.Ordinal);
        Assert.Contains("TLS failed on the probe → Edge hop", fired.First(a => a.Label("target") == FailureReasons.TlsFailed && a.Label("reason") == FailureReasons.TlsFailed).Annotation("summary"), StringComparison.Ordinal);
        Assert.Contains("(failing check: push_route, ms-diagnostics 1027). 1027 says", Description(FailureReasons.FederationDenied), StringComparison.Ordinal);
        Assert.Contains($"Test-CsMcxPushNotification -AccessEdgeFqdn {PagingWorld.EdgeName}.", Description(FailureReasons.Timeout), StringComparison.Ordinal);

        // A Lync export that cannot be used warns, on the warning route, and pages nobody.
        foreach (var (alertname, export) in PagingWorld.ExportWarnings)
        {
            var rule = Assert.Single(shipped, r => r.Alert == alertname);
            var warning = await world.Webhook.WaitForAsync(
                a => a.Status == "firing" && a.Label("alertname") == alertname && a.Label("target") == PagingWorld.ExportTarget && a.Label("export") == export,
                _alertTimeout,
                cancellationToken);
            Assert.True(warning is not null, $"no firing {alertname} for target {PagingWorld.ExportTarget}, export {export} within {_alertTimeout}\n{world.PeerOutput}");
            Assert.Equal("/alerts/warning", warning.Path);
            Assert.Equal("pushexporter-warning", warning.Receiver);
            Assert.Equal("warning", warning.Label("severity"));
            Assert.Equal(string.Empty, warning.Label("reason"));
            AssertAnnotationsAsShipped(rule, warning, $"{alertname} for {PagingWorld.ExportTarget}");
        }

        Assert.DoesNotContain(world.Webhook.Alerts, a => a.Label("target") == PagingWorld.ExportTarget && (a.Path != "/alerts/warning" || a.Label("severity") != "warning"));

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

        foreach (var (alertname, export) in PagingWorld.ExportWarnings)
        {
            var resolved = await world.Webhook.WaitForAsync(
                a => a.Status == "resolved" && a.ReceivedAt >= fixedAt && a.Label("alertname") == alertname && a.Label("target") == PagingWorld.ExportTarget && a.Label("export") == export,
                _alertTimeout,
                cancellationToken);
            Assert.True(resolved is not null, $"no resolved {alertname} for export {export} within {_alertTimeout} of the new export\n{world.PeerOutput}");
            Assert.Equal("/alerts/warning", resolved.Path);
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
        AssertAnnotationsAsShipped(rule, alert, where);

        Assert.Contains(target, alert.Annotation("summary"), StringComparison.Ordinal);
        Assert.Contains($"Edge {target} fail with reason {reason}", alert.Annotation("description"), StringComparison.Ordinal);
        Assert.Contains("Fix: ", alert.Annotation("description"), StringComparison.Ordinal);
        Assert.EndsWith($"docs/runbooks.md#{reason}", alert.Annotation("runbook_url"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Each annotation is its rule's template rendered: the labels it names filled in exactly (the
    /// dashboard link URL-encoded), the literal text around them exact, and each block that
    /// queries other series (<c>{{ with … }} … {{ end }}</c>) matched by whatever it rendered, which
    /// must leave no template behind. What those blocks rendered is checked by the test itself.
    /// </summary>
    private static void AssertAnnotationsAsShipped(AlertingRule rule, WebhookAlert alert, string where)
    {
        foreach (var (name, template) in rule.Annotations)
        {
            var expected = Rendered(template, alert);
            var actual = alert.Annotation(name);
            Assert.DoesNotContain("{{", actual, StringComparison.Ordinal);
            Assert.DoesNotContain("<no value>", actual, StringComparison.Ordinal);
            Assert.True(expected.IsMatch(actual), $"{where}: annotation {name} is\n{actual}\nexpected\n{expected}");
        }
    }

    /// <summary>A pattern for what <paramref name="template"/> renders to for <paramref name="alert"/>.</summary>
    private static Regex Rendered(string template, WebhookAlert alert)
    {
        var pattern = new StringBuilder("^");
        var depth = 0;
        var literalFrom = 0;
        foreach (Match action in TemplateAction().Matches(template))
        {
            if (depth == 0)
            {
                pattern.Append(Regex.Escape(template[literalFrom..action.Index]));
            }

            literalFrom = action.Index + action.Length;
            var body = action.Groups["body"].Value;
            if (BlockStart().IsMatch(body))
            {
                if (depth++ == 0)
                {
                    pattern.Append(".*?");
                }
            }
            else if (body == "end")
            {
                depth--;
            }
            else if (depth == 0 && LabelTemplate().Match(action.Value) is { Success: true } label)
            {
                var value = alert.Label(label.Groups["label"].Value);
                pattern.Append(Regex.Escape(label.Groups["urlquery"].Success ? Uri.EscapeDataString(value) : value));
            }
            else if (depth == 0 && !Assignment().IsMatch(body))
            {
                pattern.Append(".*?");
            }
        }

        Assert.True(depth == 0, $"unbalanced template: {template}");
        pattern.Append(Regex.Escape(template[literalFrom..])).Append('$');
        return new Regex(pattern.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
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

    [GeneratedRegex(@"^\{\{ \$labels\.(?<label>[a-z_]+)(?<urlquery> \| urlquery)? \}\}$")]
    private static partial Regex LabelTemplate();

    [GeneratedRegex(@"\{\{-?\s*(?<body>.*?)\s*-?\}\}", RegexOptions.Singleline)]
    private static partial Regex TemplateAction();

    [GeneratedRegex(@"^(with|if|range)\b")]
    private static partial Regex BlockStart();

    [GeneratedRegex(@"^\$[A-Za-z_][A-Za-z0-9_]*\s*:?=")]
    private static partial Regex Assignment();
}
