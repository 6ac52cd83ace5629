using PushExporter.Sip.Tests.Peers;
using PushExporter.Sip.Transaction;
using PushExporter.Sip.Transport;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Integration;

/// <summary>
/// Our TLS handshake against Kamailio's TLS listeners: the chain it presents, an untrusted
/// CA, mutual TLS and the insecure switch. One connection at a time (kamailio issue #3791).
/// </summary>
[Collection(SharedKamailio.Name)]
[Trait("Category", "Integration")]
public sealed class KamailioTlsClientTests(KamailioEdge edge)
{
    private TlsClientOptions Trusting => new() { CaFile = edge.Certificates.Ca.CertificatePath };

    [Fact]
    public async Task Captures_the_presented_chain_and_its_earliest_expiry()
    {
        TlsSessionInfo? session = null;

        await using (var connection = await SipClient.ConnectAsync(edge.Port(EdgeScenario.Ok, PeerTransport.Tls), SipTransportKind.Tls, Trusting, s => session = s))
        {
            var result = await SipClient.RunAsync(connection);
            Assert.Equal(200, result.FinalResponse?.StatusCode);
        }

        Assert.NotNull(session);
        Assert.True(session.Trusted, session.ValidationErrors);
        Assert.Null(session.ValidationErrors);
        Assert.Equal("edge.test", session.ServerName);
        Assert.NotEqual(System.Security.Authentication.SslProtocols.None, session.Protocol);
        // Kamailio presents the leaf and its CA; the leaf expires first.
        Assert.Equal(2, session.PresentedChain.Count);
        Assert.Equal("CN=edge.test", session.PresentedChain[0].Subject);
        Assert.Equal("CN=PushExporter Test CA", session.PresentedChain[1].Subject);
        Assert.Equal(edge.Certificates.Server.NotAfter, session.PresentedChain[0].NotAfter, TimeSpan.FromSeconds(1));
        Assert.Equal(edge.Certificates.Ca.NotAfter, session.PresentedChain[1].NotAfter, TimeSpan.FromSeconds(1));
        Assert.NotNull(session.EarliestNotAfter);
        Assert.Equal(edge.Certificates.Server.NotAfter, session.EarliestNotAfter.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Untrusted_ca_fails_the_handshake_and_still_reports_the_chain()
    {
        TlsSessionInfo? session = null;

        var failure = await Assert.ThrowsAsync<SipTransportException>(() =>
            SipClient.ConnectAsync(edge.UntrustedTlsPort, SipTransportKind.Tls, Trusting, s => session = s));

        Assert.Equal(SipTransportErrorKind.TlsFailed, failure.Kind);
        Assert.Contains("chain not trusted", failure.Message, StringComparison.Ordinal);
        Assert.NotNull(session);
        Assert.False(session.Trusted);
        Assert.NotNull(session.ValidationErrors);
        Assert.NotEmpty(session.PresentedChain);
        Assert.Equal("CN=PushExporter Untrusted CA", session.PresentedChain[0].Issuer);
        Assert.Equal(edge.Certificates.UntrustedServer.NotAfter, session.EarliestNotAfter!.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Insecure_skip_verify_accepts_the_untrusted_certificate()
    {
        TlsSessionInfo? session = null;
        var insecure = new TlsClientOptions { InsecureSkipVerify = true };

        await using var connection = await SipClient.ConnectAsync(edge.UntrustedTlsPort, SipTransportKind.Tls, insecure, s => session = s);
        var result = await SipClient.RunAsync(connection);

        Assert.Equal(200, result.FinalResponse?.StatusCode);
        Assert.NotNull(session);
        // Accepted, yet still recorded as untrusted so the probe can report it.
        Assert.False(session.Trusted);
        Assert.Equal("CN=PushExporter Untrusted CA", session.PresentedChain[0].Issuer);
    }

    [Fact]
    public async Task Mutual_tls_works_with_the_client_certificate()
    {
        var withCertificate = Trusting with
        {
            ClientCertificateFile = edge.Certificates.Client.CertificatePath,
            ClientKeyFile = edge.Certificates.Client.KeyPath,
        };

        var result = await SipClient.ExchangeAsync(edge.MutualTlsPort, SipTransportKind.Tls, tls: withCertificate);

        Assert.True(result.FinalResponse?.StatusCode == 200, $"{result.Outcome} {result.Error}\n--- kamailio ---\n{edge.Output}");
    }

    [Fact]
    public async Task Mutual_tls_fails_without_the_client_certificate()
    {
        // With TLS 1.2 the server refuses in the handshake; with TLS 1.3 the client's handshake
        // completes first and the refusal arrives as a closed connection while the answer is awaited.
        try
        {
            var result = await SipClient.ExchangeAsync(edge.MutualTlsPort, SipTransportKind.Tls, tls: Trusting, deadline: TimeSpan.FromSeconds(3));
            Assert.True(
                result is { Outcome: SipTransactionOutcome.TransportError, TransportError: SipTransportErrorKind.ConnectionLost or SipTransportErrorKind.TlsFailed },
                $"{result.Outcome} {result.TransportError} {result.Error}");
        }
        catch (SipTransportException failure)
        {
            Assert.Equal(SipTransportErrorKind.TlsFailed, failure.Kind);
        }
    }

    [Fact]
    public async Task Tls_1_2_only_still_reaches_the_edge()
    {
        TlsSessionInfo? session = null;
        var tls12 = Trusting with { Protocols = System.Security.Authentication.SslProtocols.Tls12 };

        await using var connection = await SipClient.ConnectAsync(edge.Port(EdgeScenario.Timeout504Diag1008, PeerTransport.Tls), SipTransportKind.Tls, tls12, s => session = s);
        var result = await SipClient.RunAsync(connection);

        Assert.Equal(504, result.FinalResponse?.StatusCode);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12, session?.Protocol);
    }
}
