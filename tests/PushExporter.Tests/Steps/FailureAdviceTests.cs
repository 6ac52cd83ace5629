using PushExporter.Configuration;
using PushExporter.Sip.Message;
using PushExporter.Steps;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Steps;

/// <summary>
/// The fixes by reason alone, the fallback when a step gives none: safe without knowing the
/// scope, the code or the hop — they look before they create, never guess a scope, and name
/// every hop a reason can stand for.
/// </summary>
public sealed class FailureAdviceTests
{
    public static TheoryData<string> Reasons => [.. FailureReasons.All];

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Every_fix_looks_before_it_creates_and_never_guesses_a_site_scope(string reason)
    {
        var fix = FailureAdvice.Fix(reason, Target(site: "Dallas"));

        Assert.False(string.IsNullOrWhiteSpace(FailureAdvice.Meaning(reason)));
        LooksFirst(fix, "New-CsHostingProvider", "Get-CsHostingProvider");
        LooksFirst(fix, "New-CsAllowedDomain", "Get-CsAllowedDomain");
        LooksFirst(fix, "Set-CsHostingProvider -Identity", "Get-CsHostingProvider");
        Assert.DoesNotMatch(@"Set-CsHostingProvider[^;(]*-ProxyFqdn", fix);
        Assert.DoesNotContain("site:", fix, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Dallas", fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FailureReasons.Rejected)]
    [InlineData(FailureReasons.BlockedPrefix)]
    public void The_im_filter_fix_finds_the_blocking_scope_first(string reason)
    {
        var fix = FailureAdvice.Fix(reason, Target(site: "Dallas"));

        Assert.StartsWith("Find the scope whose IM filter blocks URLs: Get-CsImFilterConfiguration | Select-Object Identity, Enabled, Action, Prefixes.", fix, StringComparison.Ordinal);
        Assert.Contains("Set-CsImFilterConfiguration -Identity <that scope> -Prefixes @{remove=\"http:\"}", fix, StringComparison.Ordinal);
        Assert.Contains("Set-CsImFilterConfiguration -Identity <that scope> -Prefixes @{remove=\"https:\"}", fix, StringComparison.Ordinal);
    }

    [Fact]
    public void The_federation_fix_enables_an_existing_provider_and_creates_one_only_when_none_exists()
    {
        var fix = FailureAdvice.Fix(FailureReasons.FederationDenied, Target());

        Assert.StartsWith("Look before creating:", fix, StringComparison.Ordinal);
        Assert.Contains("if one exists but is disabled, Set-CsHostingProvider -Identity <its Identity> -Enabled $True; only if none exists, New-CsHostingProvider -Identity \"LyncOnline\"", fix, StringComparison.Ordinal);
        Assert.Contains("only if there is none, New-CsAllowedDomain -Identity \"push.lync.com\" (without -ProxyFqdn", fix, StringComparison.Ordinal);
        Assert.Contains("AllowFederatedUsers must be True", fix, StringComparison.Ordinal);
        Assert.DoesNotContain("must be a hosting provider", FailureAdvice.Meaning(FailureReasons.FederationDenied), StringComparison.Ordinal);
        Assert.Contains("no enabled hosting provider has ProxyFqdn sipfed.online.lync.com", FailureAdvice.Meaning(FailureReasons.FederationDenied), StringComparison.Ordinal);
    }

    [Fact]
    public void The_tls_fix_names_both_hops()
    {
        var fix = FailureAdvice.Fix(FailureReasons.TlsFailed, Target());

        Assert.Contains("The probe → Edge (check edge_tls)", fix, StringComparison.Ordinal);
        Assert.Contains("name atl-edge-001.contoso.test", fix, StringComparison.Ordinal);
        Assert.Contains("Set-CsCertificate -Type <Use> -Thumbprint <thumbprint>", fix, StringComparison.Ordinal);
        Assert.Contains("The Edge → clearing house (ms-diagnostics 1010/1047 in the Edge's answer, check push_route) is not the Edge's own certificate", fix, StringComparison.Ordinal);
        Assert.Contains("DigiCert Global Root G2", fix, StringComparison.Ordinal);
        Assert.Contains("TLS 1.2", fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FailureReasons.ConnectFailed)]
    [InlineData(FailureReasons.Timeout)]
    public void The_av_edge_cmdlet_is_named_for_what_it_tests(string reason)
    {
        var fix = FailureAdvice.Fix(reason, Target());

        Assert.Contains("Get-CsWindowsService", fix, StringComparison.Ordinal);
        Assert.Contains("Test-CsAVEdgeConnectivity tests the A/V Edge only", fix, StringComparison.Ordinal);
    }

    private static void LooksFirst(string fix, string creates, string looks)
    {
        var create = fix.IndexOf(creates, StringComparison.Ordinal);
        if (create >= 0)
        {
            var look = fix.IndexOf(looks, StringComparison.Ordinal);
            Assert.True(look >= 0 && look < create, $"'{creates}' without '{looks}' before it: {fix}");
        }
    }

    private static TargetConfig Target(string? site = null) => new()
    {
        Name = "atl-edge",
        AccessEdgeFqdn = "atl-edge-001.contoso.test",
        ExternalEdgeFqdn = "sip.contoso.test",
        SipDomain = "contoso.test",
        FromUri = SipUri.Parse("sip:pushexporter@contoso.test"),
        Site = site,
    };
}
