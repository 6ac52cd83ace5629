using System.Net;
using PushExporter.Configuration;
using PushExporter.Probing;
using PushExporter.Sip.Message;
using PushExporter.Sip.Transport;
using PushExporter.Testing;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Probing;

/// <summary>
/// Issue 15 at the probe's level: a hostile name server's answers end in a DNS reason with
/// short evidence, never in <c>unexpected_response</c>, and never in a connection to 0.0.0.0.
/// </summary>
public sealed class HostileDnsProbeTests
{
    private const string Edge = "edge.contoso.test";

    [Fact]
    public async Task A_malformed_srv_answer_is_a_dns_error_with_short_evidence()
    {
        await using var dns = HostileDnsServer.Start(q =>
        {
            // The SRV target "a" and a pointer back to itself: a.a.a.a… for ever.
            var answer = DnsAnswerBuilder.AnswerTo(q);
            var at = answer.Length + 18;
            return [new DnsReply(answer.Srv(10, 60, 5061, [1, (byte)'a', (byte)(0xC0 | (at >> 8)), (byte)at]).ToArray())];
        });

        var result = await ProbeAsync(dns, Target(Edge, "contoso.test"));

        Assert.Equal(FailureReasons.DnsError, result.Failure?.Reason);
        Assert.Equal(CheckLabels.DnsSrv, result.Failure?.Check);
        Assert.Contains("malformed answer", result.Failure?.Error, StringComparison.Ordinal);
        Assert.InRange(result.Diagnosis.Length, 1, 2_000);
    }

    [Fact]
    public async Task An_edge_at_0_0_0_0_is_a_dns_error_and_is_not_connected_to()
    {
        await using var dns = HostileDnsServer.Start(q => [new DnsReply(q.Type == ReceivedDnsQuery.A
            ? DnsAnswerBuilder.AnswerTo(q).Address(IPAddress.Any).ToArray()
            : DnsAnswerBuilder.AnswerTo(q).ToArray())]);

        var result = await ProbeAsync(dns, Target(Edge, null));

        Assert.Equal(FailureReasons.DnsError, result.Failure?.Reason);
        Assert.Equal(CheckLabels.EdgeDns, result.Failure?.Check);
        Assert.Equal($"{Edge} resolves to 0.0.0.0 (the unspecified address), which is never connected to", result.Failure?.Error);
        Assert.DoesNotContain(ProbeStep.Connect, result.Phases.Keys);
    }

    [Fact]
    public async Task Answers_with_a_wrong_transaction_id_end_in_a_timeout()
    {
        await using var dns = HostileDnsServer.Start(q => [new DnsReply(DnsAnswerBuilder.AnswerTo(q).WithId((ushort)(q.Id ^ 1)).Address(IPAddress.Loopback).ToArray())]);

        var result = await ProbeAsync(dns, Target(Edge, null));

        Assert.Equal(FailureReasons.Timeout, result.Failure?.Reason);
        Assert.Equal(CheckLabels.EdgeDns, result.Failure?.Check);
        Assert.Contains("transaction id", result.Trace, StringComparison.Ordinal);
    }

    private static TargetConfig Target(string edge, string? sipDomain) => new()
    {
        Name = "hostile",
        AccessEdgeFqdn = edge,
        Port = FreePort.Tcp(),
        Transport = SipTransportKind.Tcp,
        SipDomain = sipDomain,
        ExternalEdgeFqdn = edge,
        FromUri = SipUri.Parse("sip:pushexporter@contoso.test"),
    };

    private static Task<ProbeResult> ProbeAsync(HostileDnsServer dns, TargetConfig target) =>
        new ProbeRunner(TimeProvider.System).RunAsync(
            new ExporterConfig(new GlobalConfig { Timeout = TimeSpan.FromSeconds(1), DnsServers = [dns.EndPoint.ToString()] }, BuiltInModules.All, [target]),
            target,
            null,
            null,
            TestContext.Current.CancellationToken);
}
