namespace PushExporter.Monitoring.Tests;

/// <summary>The example Alertmanager configuration, checked by Alertmanager's own amtool.</summary>
[Trait("Category", "Integration")]
public sealed class AmtoolTests
{
    [Fact]
    public async Task Example_configuration_passes_amtool_check_config()
    {
        var run = await ExternalTool.Require("amtool")
            .RunAsync(["check-config", RepositoryLayout.AlertmanagerExample], TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("3 inhibit rules", run.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pushexporter-critical", "alertname=PushExporterRouteDown", "severity=critical", "target=atl-edge")]
    [InlineData("pushexporter-critical", "alertname=PushExporterMissingSrv", "severity=critical", "target=atl-edge", "reason=missing_srv")]
    [InlineData("pushexporter-critical", "alertname=PushExporterDown", "severity=critical")]
    [InlineData("pushexporter-critical", "alertname=PushExporterEdgeCertificateExpiring", "severity=critical", "target=atl-edge")]
    [InlineData("pushexporter-warning", "alertname=PushExporterEdgeCertificateExpiring", "severity=warning", "target=atl-edge")]
    [InlineData("pushexporter-warning", "alertname=PushExporterRouteSlow", "severity=warning", "target=atl-edge")]
    [InlineData("pushexporter-warning", "alertname=PushExporterConfigReloadFailed", "severity=warning")]
    [InlineData("pushexporter-warning", "alertname=PushExporterLyncExportUnreadable", "severity=warning", "target=atl-edge", "export=im_filter")]
    [InlineData("pushexporter-warning", "alertname=PushExporterLyncExportStale", "severity=warning", "target=atl-edge", "export=mcx")]
    [InlineData("pushexporter-critical", "alertname=PushExporterEdgeCertificateExpiring", "severity=critical", "target=atl-edge", "interface=external")]
    public async Task Alerts_are_routed_by_severity(string receiver, params string[] labels)
    {
        var run = await ExternalTool.Require("amtool").RunAsync(
            ["config", "routes", "test", $"--config.file={RepositoryLayout.AlertmanagerExample}", .. labels],
            TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(receiver, run.StandardOutput.Trim());
    }
}
