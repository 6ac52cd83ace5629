namespace PushExporter.Monitoring.Tests;

/// <summary>docs/runbooks.md: a section per reason, each saying how to confirm and how to fix.</summary>
public sealed class RunbookTests
{
    private static readonly string[] _alertSections =
        ["route_down", "slow_route", "stale_probes", "exporter_down", "target_missing", "certificate_expiry", "config_reload_failed"];

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Every_reason_has_a_section_that_says_what_it_means_how_to_confirm_and_how_to_fix(string reason)
    {
        var section = Section(reason);

        Assert.Contains("**What it means.**", section, StringComparison.Ordinal);
        Assert.Contains("**Confirm.**", section, StringComparison.Ordinal);
        Assert.Contains("**Fix.**", section, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server_timeout", "Test-CsMcxPushNotification -AccessEdgeFqdn")]
    [InlineData("rejected", "(Get-CsImFilterConfiguration -Identity Global).Prefixes")]
    [InlineData("rejected", "Set-CsImFilterConfiguration -Identity site:Redmond -Prefixes @{remove=\"http:\"}")]
    [InlineData("rejected", "16000")]
    [InlineData("bad_uri", "Get-CsMcxConfiguration | Set-CsMcxConfiguration -PushNotificationProxyUri \"sip:push@push.lync.com\"")]
    [InlineData("missing_srv", "Resolve-DnsName -Type SRV _sipfederationtls._tcp.")]
    [InlineData("missing_srv", "1008")]
    [InlineData("blocked_prefix", "Set-CsImFilterConfiguration -Identity site:Redmond -Prefixes @{remove=\"https:\"}")]
    [InlineData("federation_denied", "Get-CsAllowedDomain")]
    [InlineData("federation_denied", "Get-CsHostingProvider")]
    [InlineData("federation_denied", "1027")]
    [InlineData("dns_error", "1014")]
    [InlineData("connect_failed", "Test-CsAVEdgeConnectivity")]
    [InlineData("tls_failed", "1010")]
    [InlineData("timeout", "Test-CsAVEdgeConnectivity")]
    [InlineData("unexpected_response", "PushExporterRouteDown")]
    public void Sections_carry_the_admin_commands(string section, string text) =>
        Assert.Contains(text, Section(section), StringComparison.Ordinal);

    [Fact]
    public void Every_alert_without_a_reason_has_a_section()
    {
        var anchors = AlertRulesTests.RunbookAnchors();
        Assert.All(_alertSections, s => Assert.Contains(s, anchors));
    }

    public static TheoryData<string> Reasons() => [.. MetricContract.Reasons];

    private static string Section(string anchor)
    {
        var lines = File.ReadAllLines(RepositoryLayout.Runbooks);
        var start = Array.FindIndex(lines, l => l == $"## {anchor}");
        Assert.True(start >= 0, $"docs/runbooks.md has no '## {anchor}' section");
        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        return string.Join('\n', lines[start..(end < 0 ? lines.Length : end)]);
    }
}
