using Microsoft.Extensions.Time.Testing;
using PushExporter.Configuration;
using PushExporter.Sip.Message;
using PushExporter.Sip.Resolution;
using PushExporter.Sip.Tracing;
using PushExporter.Steps;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Steps;

/// <summary>The texts for an answer of the Edge, over every reason and every code the table knows.</summary>
public sealed class EdgeAnswerAdviceTests
{
    private static readonly int?[] _codes = [null, 1002, 1005, 1007, 1008, 1009, 1010, 1014, 1027, 1034, 1046, 1047, 16000, 16999];

    public static TheoryData<string> Reasons => [.. FailureReasons.All];

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Fixes_look_before_they_create_and_never_set_a_proxy_fqdn(string reason)
    {
        foreach (var code in _codes)
        {
            if (EdgeAnswerAdvice.For(Context(), reason, 504, code) is not { } advice)
            {
                continue;
            }

            var fix = advice.Fix;
            LooksFirst(fix, "New-CsHostingProvider", "Get-CsHostingProvider", reason, code);
            LooksFirst(fix, "New-CsAllowedDomain", "Get-CsAllowedDomain", reason, code);
            LooksFirst(fix, "Set-CsHostingProvider -Identity", "Get-CsHostingProvider", reason, code);
            Assert.DoesNotMatch(@"Set-CsHostingProvider[^;(]*-ProxyFqdn", fix);
            Assert.DoesNotContain("site:", fix, StringComparison.OrdinalIgnoreCase);
            Assert.False(string.IsNullOrWhiteSpace(advice.Meaning));
        }
    }

    [Fact]
    public void Every_inferred_cause_says_likely_and_names_the_alternative()
    {
        foreach (var (reason, code) in new (string, int)[] { (FailureReasons.FederationDenied, 1002), (FailureReasons.FederationDenied, 1027), (FailureReasons.MissingSrv, 1008), (FailureReasons.MissingSrv, 1009) })
        {
            var meaning = EdgeAnswerAdvice.For(Context(), reason, 504, code)!.Value.Meaning;
            Assert.Contains("likely", meaning, StringComparison.OrdinalIgnoreCase);
            Assert.Matches("alternative|Microsoft's advice", meaning);
        }
    }

    [Fact]
    public void The_missing_srv_diagnosis_names_the_own_srv_record_and_the_edges_external_dns()
    {
        var meaning = EdgeAnswerAdvice.For(Context(sipDomain: "contoso.test"), FailureReasons.MissingSrv, 504, 1008)!.Value.Meaning;

        Assert.Contains("_sipfederationtls._tcp.contoso.test → sip.contoso.test:5061", meaning, StringComparison.Ordinal);
        Assert.Contains("the Edge's external DNS", meaning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FailureReasons.Timeout)]
    [InlineData(FailureReasons.UnexpectedResponse)]
    [InlineData(FailureReasons.ConnectFailed)]
    public void Reasons_that_say_enough_alone_have_no_row(string reason) =>
        Assert.Null(EdgeAnswerAdvice.For(Context(), reason, 486, null));

    private static void LooksFirst(string fix, string create, string look, string reason, int? code)
    {
        var created = fix.IndexOf(create, StringComparison.Ordinal);
        if (created >= 0)
        {
            var looked = fix.IndexOf(look, StringComparison.Ordinal);
            Assert.True(looked >= 0 && looked < created, $"{reason}/{code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: {create} without {look} before it: {fix}");
        }
    }

    private static ProbeContext Context(string? sipDomain = null)
    {
        var time = new FakeTimeProvider();
        return new ProbeContext
        {
            Target = new TargetConfig
            {
                Name = "edge",
                AccessEdgeFqdn = "edge.contoso.test",
                ExternalEdgeFqdn = "sip.contoso.test",
                SipDomain = sipDomain,
                FromUri = SipUri.Parse("sip:pushexporter@contoso.test"),
            },
            ModuleName = BuiltInModules.PushRouteName,
            Module = BuiltInModules.PushRoute,
            Resolver = new SipDnsResolver(new DnsResolverOptions(), time),
            Trace = new ProbeTrace(time),
            Time = time,
            DeadlineTimestamp = time.GetTimestamp(),
        };
    }
}
