using Microsoft.Extensions.Time.Testing;
using PushExporter.Classification;
using PushExporter.Configuration;
using PushExporter.Sip.Message;
using PushExporter.Sip.Resolution;
using PushExporter.Sip.Tracing;
using PushExporter.Sip.Transaction;
using PushExporter.Sip.Transport;
using PushExporter.Steps;
using PushExporter.Testing;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Steps;

/// <summary>The sip step over the in-memory connection: what it sends, and how it reads each answer.</summary>
public sealed class SipStepTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Sends_the_module_request_to_the_push_proxy_uri_and_passes_on_200()
    {
        var (failure, context, connection) = await Run(c => c.Answer(200, "OK"));

        Assert.Null(failure);
        Assert.Equal(CheckStatus.Passed, context.Checks[CheckLabels.PushRoute]);
        var sent = Assert.Single(connection.Sent).Text;
        Assert.StartsWith($"OPTIONS {ClearingHouse.PushProxyUri} SIP/2.0\r\n", sent, StringComparison.Ordinal);
        Assert.Contains($"User-Agent: PushExporter/{BuildInfo.Version}\r\n", sent, StringComparison.Ordinal);
        Assert.Equal(200, context.Sip!.FinalResponse!.StatusCode);
    }

    [Fact]
    public async Task Reads_ms_diagnostics_before_the_status_and_names_them_in_the_evidence()
    {
        var (failure, context, _) = await Run(c => c.Answer(504, "Server time-out", "ms-diagnostics: 1008;reason=\"Unable to resolve DNS SRV record\";source=\"edge.contoso.test\"\r\n"));

        Assert.NotNull(failure);
        Assert.Equal(FailureReasons.MissingSrv, failure.Reason);
        Assert.Equal(CheckLabels.PushRoute, failure.Check);
        Assert.Equal(CheckStatus.Failed, context.Checks[CheckLabels.PushRoute]);
        Assert.Equal("SIP/2.0 504 Server time-out; ms-diagnostics: 1008 \"Unable to resolve DNS SRV record\" from edge.contoso.test", failure.Evidence);
    }

    public static TheoryData<int, string, string, string, string> Codes => new()
    {
        { 403, "1002;reason=\"From URI not authorized to communicate with federated partners\"", FailureReasons.FederationDenied, "Likely the probe's sender", "from_uri is sip:pushexporter@contoso.test" },
        { 504, "1005;reason=\"Cannot route to destination domain\"", FailureReasons.FederationDenied, "push.lync.com is not an allowed domain", "Get-CsHostingProvider | Where-Object ProxyFqdn -eq \"sipfed.online.lync.com\"" },
        { 403, "1027;reason=\"Cannot route this type of SIP request to or from federated partners\"", FailureReasons.FederationDenied, "Likely the probe's method, OPTIONS (module push_route)", "probe with the push_message module" },
        { 504, "1008;reason=\"Unable to resolve DNS SRV record\"", FailureReasons.MissingSrv, "likely also (inferred, not confirmed) the Edge's external DNS", "Resolve-DnsName -Type SRV _sipfederationtls._tcp.<sip domain>" },
        { 504, "1009;reason=\"Conflicting SRV and host domains in DNS\"", FailureReasons.MissingSrv, "found conflicting SRV and host domains", "Resolve-DnsName -Type SRV _sipfederationtls._tcp.push.lync.com" },
        { 504, "1014;reason=\"Unable to resolve DNS A record\"", FailureReasons.DnsError, "the Edge → clearing house hop, not this probe's lookup of the Edge", "Resolve-DnsName sipfed.online.lync.com" },
        { 504, "1010;reason=\"Certificate trust with next-hop server could not be established\"", FailureReasons.TlsFailed, "could not establish certificate trust with the next hop", "DigiCert Global Root G2" },
        { 504, "1047;reason=\"Failed to complete TLS negotiation with a federated peer server\"", FailureReasons.TlsFailed, "not this probe's own connection to the Edge", "TLS 1.2" },
        { 504, "1046;reason=\"Failed to connect to a federated peer server\"", FailureReasons.ServerTimeout, "could not connect to the federated peer", "Test-NetConnection sipfed.online.lync.com -Port 5061" },
        { 504, "1034;reason=\"Previous hop federated peer did not report diagnostic information\"", FailureReasons.ServerTimeout, "did not report diagnostic information", "Resolve-DnsName sipfed.online.lync.com" },
        { 403, "16000;reason=\"Intelligent IM Filter\"", FailureReasons.Rejected, "Intelligent IM Filter refused", "-Identity <that scope> -Prefixes @{remove=\"http:\"}" },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Each_ms_diagnostics_code_fails_push_route_with_its_own_meaning_and_fix(int status, string diagnostics, string reason, string meaning, string fix)
    {
        var (failure, context, _) = await Run(c => c.Answer(status, "Whatever", $"ms-diagnostics: {diagnostics};source=\"edge.contoso.test\"\r\n"));

        Assert.NotNull(failure);
        Assert.Equal(reason, failure.Reason);
        Assert.Equal(CheckLabels.PushRoute, failure.Check);
        Assert.Equal(CheckStatus.Failed, context.Checks[CheckLabels.PushRoute]);
        Assert.Contains(meaning, failure.Meaning, StringComparison.Ordinal);
        Assert.Contains(fix, failure.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_1027_on_a_MESSAGE_probe_points_at_the_route_not_the_method()
    {
        var (failure, _, _) = await Run(c => c.Answer(403, "Forbidden", "ms-diagnostics: 1027;reason=\"Cannot route this type of SIP request to or from federated partners\"\r\n"), BuiltInModules.PushMessage, "push_message");

        Assert.Equal(FailureReasons.FederationDenied, failure!.Reason);
        Assert.Contains("already sends MESSAGE (module push_message), so likely the route", failure.Meaning, StringComparison.Ordinal);
        Assert.DoesNotContain("push_message module", failure.Fix, StringComparison.Ordinal);
        Assert.StartsWith("Look before creating", failure.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_override_to_another_reason_gets_that_reasons_text_not_the_codes()
    {
        var module = BuiltInModules.PushRoute with { ReasonOverrides = [ResponseRule.Override(null, new CodeRange(1047, 1047), FailureReasons.ServerTimeout)] };

        var (failure, _, _) = await Run(c => c.Answer(504, "Server time-out", "ms-diagnostics: 1047\r\n"), module);

        Assert.Equal(FailureReasons.ServerTimeout, failure!.Reason);
        Assert.DoesNotContain("DigiCert", failure.Fix, StringComparison.Ordinal);
        Assert.Contains("Microsoft's advice for a 504 is DNS first", failure.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_override_decides_before_the_table()
    {
        var module = BuiltInModules.PushRoute with { ReasonOverrides = [ResponseRule.Override(new CodeRange(486, 486), null, FailureReasons.ServerTimeout)] };

        var (failure, _, _) = await Run(c => c.Answer(486, "Busy Here"), module);

        Assert.Equal(FailureReasons.ServerTimeout, failure!.Reason);
        Assert.Contains("module override (status 486, ms-diagnostics any)", failure.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_connection_is_an_unexpected_response()
    {
        var (failure, _, _) = await Run(c => c.Fail(new SipTransportException(SipTransportErrorKind.ConnectionLost, "the Edge closed the connection")));

        Assert.Equal(FailureReasons.UnexpectedResponse, failure!.Reason);
        Assert.Equal(CheckLabels.PushRoute, failure.Check);
    }

    private async Task<(ProbeFailure? Failure, ProbeContext Context, InMemorySipConnection Connection)> Run(Action<InMemorySipConnection> answer, ModuleConfig? module = null, string moduleName = "push_route")
    {
        var connection = new InMemorySipConnection(reliable: true, _time);
        var target = new TargetConfig
        {
            Name = "edge",
            AccessEdgeFqdn = "edge.contoso.test",
            ExternalEdgeFqdn = "edge.contoso.test",
            FromUri = SipUri.Parse("sip:pushexporter@contoso.test"),
        };
        var context = new ProbeContext
        {
            Target = target,
            ModuleName = moduleName,
            Module = module ?? BuiltInModules.PushRoute,
            Resolver = new SipDnsResolver(new DnsResolverOptions(), _time),
            Trace = new ProbeTrace(_time),
            Time = _time,
            DeadlineTimestamp = _time.GetTimestamp() + (10 * _time.TimestampFrequency),
            Connection = connection,
        };
        var step = new SipStep(SipTimerOptions.Default);
        var run = step.RunAsync(context, TestContext.Current.CancellationToken);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (connection.Sent.Count == 0)
            {
                await Task.Delay(1, deadline.Token);
            }
        }

        answer(connection);
        return (await run, context, connection);
    }
}
