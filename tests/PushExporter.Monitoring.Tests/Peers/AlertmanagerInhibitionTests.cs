using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PushExporter.Monitoring.Tests.Peers;

/// <summary>
/// The inhibit rules of alerts/alertmanager.example.yml, evaluated by a real Alertmanager: alerts
/// are posted to its API and their state (active or suppressed) is read back.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AlertmanagerInhibitionTests
{
    private const string Job = "pushexporter";
    private const string ExporterA = "127.0.0.1:9860";
    private const string ExporterB = "127.0.0.1:9861";

    private readonly List<JsonObject> _posted = [];

    [Fact]
    public async Task Inhibitions_leave_one_page_per_cause()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var alertmanager = await LoopbackPeer.StartAlertmanagerAsync(
            await File.ReadAllTextAsync(RepositoryLayout.AlertmanagerExample, cancellationToken), cancellationToken);
        using var http = new HttpClient { BaseAddress = alertmanager.BaseAddress };

        (string Name, string State)[] expected =
        [
            // A reason alert inhibits the generic route-down page of its target, never the reverse.
            (Post("PushExporterRouteDown", "critical", ExporterA, "atl-edge"), "suppressed"),
            (Post("PushExporterMissingSrv", "critical", ExporterA, "atl-edge", "missing_srv"), "active"),
            // Route down without a reason alert (unexpected_response, flapping reasons) still pages.
            (Post("PushExporterRouteDown", "critical", ExporterA, "ord-edge"), "active"),
            // Exporter B is down: its other alerts are consequences; exporter A's are not touched.
            (Post("PushExporterDown", "critical", ExporterB, null), "active"),
            (Post("PushExporterRejected", "critical", ExporterB, "sea-edge", "rejected"), "suppressed"),
            (Post("PushExporterRouteSlow", "warning", ExporterB, "sea-edge"), "suppressed"),
            (Post("PushExporterConfigReloadFailed", "warning", ExporterB, null), "suppressed"),
            // The critical certificate alert inhibits the warning one of the same Edge and
            // interface, not the other interface's.
            (Post("PushExporterEdgeCertificateExpiring", "critical", ExporterA, "den-edge", @interface: "internal"), "active"),
            (Post("PushExporterEdgeCertificateExpiring", "warning", ExporterA, "den-edge", @interface: "internal"), "suppressed"),
            (Post("PushExporterEdgeCertificateExpiring", "warning", ExporterA, "den-edge", @interface: "external"), "active"),
            (Post("PushExporterEdgeCertificateExpiring", "warning", ExporterA, "atl-edge", @interface: "internal"), "active"),
            // The Lync export warnings carry no reason: they do not inhibit the route-down page of
            // their target, and nothing but the exporter being down inhibits them.
            (Post("PushExporterLyncExportUnreadable", "warning", ExporterA, "chi-edge", export: "im_filter"), "active"),
            (Post("PushExporterRouteDown", "critical", ExporterA, "chi-edge"), "active"),
            (Post("PushExporterLyncExportStale", "warning", ExporterB, "sea-edge", export: "mcx"), "suppressed"),
        ];

        using var response = await http.PostAsJsonAsync(new Uri("api/v2/alerts", UriKind.Relative), _posted, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");

        // The inhibitor learns about source alerts asynchronously: poll until the states settle.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        Dictionary<string, string> states;
        while (true)
        {
            states = await StatesAsync(http, cancellationToken);
            if (expected.All(e => states.GetValueOrDefault(e.Name) == e.State) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        Assert.All(expected, e => Assert.True(
            states.GetValueOrDefault(e.Name) == e.State,
            $"{e.Name}: expected {e.State}, got {states.GetValueOrDefault(e.Name) ?? "nothing"}\n{alertmanager.Output}"));
    }

    /// <summary>Queues an alert as Prometheus would send it and returns the key it is reported under.</summary>
    private string Post(string alertname, string severity, string instance, string? target, string? reason = null, string? @interface = null, string? export = null)
    {
        var labels = new JsonObject
        {
            ["alertname"] = alertname,
            ["severity"] = severity,
            ["job"] = Job,
            ["instance"] = instance,
        };
        if (target is not null)
        {
            labels["target"] = target;
        }

        if (reason is not null)
        {
            labels["reason"] = reason;
        }

        if (@interface is not null)
        {
            labels["interface"] = @interface;
        }

        if (export is not null)
        {
            labels["export"] = export;
        }

        _posted.Add(new JsonObject
        {
            ["labels"] = labels,
            ["annotations"] = new JsonObject { ["summary"] = alertname },
            ["startsAt"] = DateTime.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture),
            ["endsAt"] = DateTime.UtcNow.AddMinutes(30).ToString("O", CultureInfo.InvariantCulture),
        });
        return Key(labels);
    }

    private static async Task<Dictionary<string, string>> StatesAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var alerts = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/v2/alerts", UriKind.Relative), cancellationToken));
        return alerts.RootElement.EnumerateArray().ToDictionary(
            a => Key(JsonNode.Parse(a.GetProperty("labels").GetRawText())!.AsObject()),
            a => a.GetProperty("status").GetProperty("state").GetString()!);
    }

    private static string Key(JsonObject labels) =>
        string.Join(',', labels.Where(l => l.Key != "job").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
}
