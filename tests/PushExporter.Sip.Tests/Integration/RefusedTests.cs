using System.Net;
using PushExporter.Sip.Transaction;
using PushExporter.Sip.Transport;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Integration;

/// <summary>A port nobody listens on, over TCP and UDP.</summary>
[Trait("Category", "Integration")]
public sealed class RefusedTests
{
    [Fact]
    public async Task Tcp_connect_to_a_closed_port_is_refused()
    {
        using var closed = SipClient.ClosedTcpPort(out var port);

        var failure = await Assert.ThrowsAsync<SipTransportException>(() =>
            SipConnector.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), SipTransportKind.Tcp, null, TestContext.Current.CancellationToken));

        Assert.Equal(SipTransportErrorKind.Refused, failure.Kind);
        Assert.Contains("ConnectionRefused", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_connect_to_a_closed_port_is_refused_before_any_handshake()
    {
        using var closed = SipClient.ClosedTcpPort(out var port);

        var failure = await Assert.ThrowsAsync<SipTransportException>(() => SipClient.ConnectAsync(port, SipTransportKind.Tls));

        Assert.Equal(SipTransportErrorKind.Refused, failure.Kind);
    }

    [Fact]
    public async Task Udp_to_a_closed_port_ends_the_transaction_as_refused()
    {
        // Nothing is bound to this port: the kernel answers the first datagram with ICMP port unreachable.
        var port = FreePort.Udp();

        var result = await SipClient.ExchangeAsync(port, SipTransportKind.Udp, deadline: TimeSpan.FromSeconds(3));

        Assert.True(result.Outcome == SipTransactionOutcome.TransportError, $"{result.Outcome}: {result.Error}");
        Assert.Equal(SipTransportErrorKind.Refused, result.TransportError);
        // The ICMP error comes back at once, long before Timer E (50 ms) would have to retransmit many times.
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(1), $"took {result.Elapsed}");
    }
}
