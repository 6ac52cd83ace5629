using System.Text.Json;

namespace PushExporter.Monitoring.Tests.Peers;

/// <summary>Real Prometheus and Alertmanager start on loopback with the shipped files.</summary>
[Trait("Category", "Integration")]
public sealed class LoopbackPeerTests
{
    [Fact]
    public async Task Prometheus_and_Alertmanager_start_on_free_loopback_ports_and_load_the_shipped_files()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var alertmanager = await LoopbackPeer.StartAlertmanagerAsync(
            await File.ReadAllTextAsync(RepositoryLayout.AlertmanagerExample, cancellationToken), cancellationToken);
        await using var prometheus = await LoopbackPeer.StartPrometheusAsync(
            [RepositoryLayout.RulesFile], [], alertmanager, cancellationToken);

        Assert.Equal("127.0.0.1", prometheus.BaseAddress.Host);
        Assert.Equal("127.0.0.1", alertmanager.BaseAddress.Host);
        Assert.NotEqual(prometheus.BaseAddress.Port, alertmanager.BaseAddress.Port);

        using var http = new HttpClient();
        using var rules = JsonDocument.Parse(await http.GetStringAsync(new Uri(prometheus.BaseAddress, "api/v1/rules"), cancellationToken));
        var loaded = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => r.GetProperty("name").GetString())
            .ToList();
        Assert.Equal(RuleFiles.LoadAlerts().Count, loaded.Count);

        using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri(alertmanager.BaseAddress, "api/v2/status"), cancellationToken));
        Assert.Contains("PushExporterDown", status.RootElement.GetProperty("config").GetProperty("original").GetString(), StringComparison.Ordinal);
    }
}
