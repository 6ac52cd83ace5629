namespace PushExporter.Monitoring.Tests;

/// <summary>docs/runbooks.md: a section per reason, each saying how to confirm and how to fix.</summary>
public sealed class RunbookTests
{
    private static readonly string[] _alertSections =
        ["route_down", "slow_route", "stale_probes", "exporter_down", "target_missing", "certificate_expiry", "config_reload_failed", "export_unreadable", "export_stale"];

    // The checks with a section of their own (the others are covered by their reason's section).
    private static readonly string[] _checkSections = ["federation_enabled", "hosting_provider", "allowed_domain", "external_tls"];

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
    [InlineData("rejected", "Get-CsImFilterConfiguration | Select-Object Identity, Enabled, Action, Prefixes")]
    [InlineData("rejected", "Set-CsImFilterConfiguration -Identity <scope> -Prefixes @{remove=\"http:\"}")]
    [InlineData("rejected", "16000")]
    [InlineData("bad_uri", "Get-CsMcxConfiguration | Set-CsMcxConfiguration -PushNotificationProxyUri \"sip:push@push.lync.com\"")]
    [InlineData("missing_srv", "Resolve-DnsName -Type SRV _sipfederationtls._tcp.")]
    [InlineData("missing_srv", "1008")]
    [InlineData("blocked_prefix", "Set-CsImFilterConfiguration -Identity <scope> -Prefixes @{remove=\"https:\"}")]
    [InlineData("push_disabled", "Set-CsPushNotificationConfiguration -Identity <scope> -EnableApplePushNotificationService $True")]
    [InlineData("federation_denied", "Get-CsAllowedDomain")]
    [InlineData("federation_denied", "Get-CsHostingProvider")]
    [InlineData("federation_denied", "1027")]
    [InlineData("federation_denied", "1002")]
    [InlineData("federation_denied", "Set-CsExternalAccessPolicy -Identity <that policy> -EnableFederationAccess $True")]
    [InlineData("federation_denied", "Set-CsHostingProvider -Identity <its Identity> -Enabled $True")]
    [InlineData("federation_enabled", "Set-CsAccessEdgeConfiguration -Identity <scope> -AllowFederatedUsers $True")]
    [InlineData("hosting_provider", "Set-CsHostingProvider -Identity <its Identity> -Enabled $True")]
    [InlineData("hosting_provider", "New-CsHostingProvider -Identity \"LyncOnline\" -Enabled $True -ProxyFqdn \"sipfed.online.lync.com\" -VerificationLevel UseSourceVerification")]
    [InlineData("allowed_domain", "New-CsAllowedDomain -Identity \"push.lync.com\"")]
    [InlineData("allowed_domain", "14517")]
    [InlineData("allowed_domain", "Set-CsAllowedDomain -Identity \"push.lync.com\" -ProxyFqdn $Null")]
    [InlineData("tls_failed", "1047")]
    [InlineData("tls_failed", "DigiCert Global Root G2")]
    [InlineData("tls_failed", "edge_tls")]
    [InlineData("external_tls", "Set-CsCertificate -Type AccessEdgeExternal -Thumbprint")]
    [InlineData("certificate_expiry", "interface")]
    [InlineData("export_unreadable", "pushexporter_lync_export_readable")]
    [InlineData("export_stale", "exportMaxAgeSeconds")]
    [InlineData("dns_error", "1014")]
    [InlineData("connect_failed", "Test-CsAVEdgeConnectivity")]
    [InlineData("tls_failed", "1010")]
    [InlineData("timeout", "Test-CsAVEdgeConnectivity")]
    [InlineData("unexpected_response", "PushExporterRouteDown")]
    public void Sections_carry_the_admin_commands(string section, string text) =>
        Assert.Contains(text, Section(section), StringComparison.Ordinal);

    [Fact]
    public void Every_alert_without_a_reason_and_every_new_check_has_a_section()
    {
        var anchors = AlertRulesTests.RunbookAnchors();
        Assert.All(_alertSections, s => Assert.Contains(s, anchors));
        Assert.All(_checkSections, s =>
        {
            var section = Section(s);
            Assert.Contains("**What it means.**", section, StringComparison.Ordinal);
            Assert.Contains("**Confirm.**", section, StringComparison.Ordinal);
            Assert.Contains("**Fix.**", section, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void No_command_names_a_documentation_site_or_creates_a_provider_before_looking()
    {
        var text = File.ReadAllText(RepositoryLayout.Runbooks);

        Assert.DoesNotMatch(@"(?i)-Identity\s+site:[a-z]", text);
        Assert.DoesNotContain("Redmond", text, StringComparison.Ordinal);
        foreach (var anchor in new[] { "federation_denied", "hosting_provider" })
        {
            var section = Section(anchor);
            var create = section.IndexOf("New-CsHostingProvider", StringComparison.Ordinal);
            var look = section.IndexOf("Get-CsHostingProvider", StringComparison.Ordinal);
            Assert.True(look >= 0 && look < create, $"{anchor}: New-CsHostingProvider before Get-CsHostingProvider");
            Assert.True(section.IndexOf("Set-CsHostingProvider -Identity", StringComparison.Ordinal) < create, $"{anchor}: creates before enabling the one that exists");
        }
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
