using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Peers;

[Collection(SharedKamailio.Name)]
[Trait("Category", "Integration")]
public sealed class KamailioEdgeTests(KamailioEdge edge)
{
    public static TheoryData<EdgeScenario, PeerTransport, string, string?> Answers()
    {
        var data = new TheoryData<EdgeScenario, PeerTransport, string, string?>();
        foreach (var transport in Enum.GetValues<PeerTransport>())
        {
            data.Add(EdgeScenario.Ok, transport, "SIP/2.0 200 OK", null);
            data.Add(EdgeScenario.Forward, transport, "SIP/2.0 200 OK", "Server: SIPp clearing house");
            data.Add(EdgeScenario.TryingThenOk, transport, "SIP/2.0 200 OK", null);
            data.Add(EdgeScenario.Timeout504Diag1008, transport, "SIP/2.0 504 Server time-out",
                "ms-diagnostics: 1008;reason=\"Unable to resolve DNS SRV record\";source=\"edge.test\"\r\n");
            data.Add(EdgeScenario.Timeout504DiagPublic1046, transport, "SIP/2.0 504 Server time-out", "ms-diagnostics-public: 1046;reason=\"");
            data.Add(EdgeScenario.Forbidden403Diag1027, transport, "SIP/2.0 403 Not allowed to route to federated partner", "ms-diagnostics: 1027;reason=\"");
            data.Add(EdgeScenario.Forbidden403Diag1002, transport, "SIP/2.0 403 Forbidden", "ms-diagnostics: 1002;reason=\"From URI not authorized to communicate with federated partners\";source=\"edge.test\"\r\n");
            data.Add(EdgeScenario.Timeout504Diag1005, transport, "SIP/2.0 504 Server time-out", "ms-diagnostics: 1005;reason=\"Cannot route to destination domain\"");
            data.Add(EdgeScenario.Timeout504Diag1009, transport, "SIP/2.0 504 Server time-out", "ms-diagnostics: 1009;reason=\"");
            data.Add(EdgeScenario.Timeout504Diag1010, transport, "SIP/2.0 504 Server time-out", "ms-diagnostics: 1010;reason=\"");
            data.Add(EdgeScenario.Timeout504Diag1014, transport, "SIP/2.0 504 Server time-out", "ms-diagnostics: 1014;reason=\"");
            data.Add(EdgeScenario.Timeout504DiagPublic1034, transport, "SIP/2.0 504 Server time-out", "ms-diagnostics-public: 1034;reason=\"");
            data.Add(EdgeScenario.Timeout504DiagPublic1047, transport, "SIP/2.0 504 Server time-out", "ms-diagnostics-public: 1047;reason=\"Failed to complete TLS negotiation with a federated peer server\"");
            data.Add(EdgeScenario.Forbidden403Diag16000, transport, "SIP/2.0 403 Forbidden", "ms-diagnostics: 16000;reason=\"");
            data.Add(EdgeScenario.Forbidden403Rejected, transport, "SIP/2.0 403 Push Notification request was rejected", null);
            data.Add(EdgeScenario.Forbidden403, transport, "SIP/2.0 403 Forbidden", null);
            data.Add(EdgeScenario.Busy486, transport, "SIP/2.0 486 Busy Here", null);
        }

        return data;
    }

    [Fact]
    public async Task Kamailio_accepts_the_generated_configuration()
    {
        var (exitCode, output) = await PeerProcess.RunAsync("kamailio", KamailioEdge.InstallHint, ["-c", "-f", edge.ConfigPath], TimeSpan.FromSeconds(20));

        Assert.True(exitCode == 0, $"kamailio -c exited with {exitCode}:\n{output}");
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Each_scenario_port_answers_as_scripted(EdgeScenario scenario, PeerTransport transport, string statusLine, string? header)
    {
        var exchange = await Send(edge.Port(scenario, transport), transport);

        Assert.True(exchange.StatusLine == statusLine, $"expected {statusLine}, got:\n{exchange.Final}\n--- kamailio ---\n{edge.Output}");
        if (header is not null)
        {
            Assert.Contains(header, exchange.Final, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(PeerTransport.Udp)]
    [InlineData(PeerTransport.Tcp)]
    [InlineData(PeerTransport.Tls)]
    public async Task Trying_comes_before_the_final_response(PeerTransport transport)
    {
        var exchange = await Send(edge.Port(EdgeScenario.TryingThenOk, transport), transport);

        Assert.Equal(["SIP/2.0 100 Trying", "SIP/2.0 200 OK"], exchange.Responses.Select(r => r.Split("\r\n")[0]));
    }

    [Theory]
    [InlineData(PeerTransport.Udp)]
    [InlineData(PeerTransport.Tcp)]
    [InlineData(PeerTransport.Tls)]
    public async Task Silence_never_answers(PeerTransport transport)
    {
        var exchange = await Send(edge.Port(EdgeScenario.Silence, transport), transport, TimeSpan.FromMilliseconds(500));

        Assert.Empty(exchange.Responses);
    }

    [Fact]
    public async Task Message_is_answered_like_options()
    {
        var exchange = await RawSip.UdpAsync(edge.Port(EdgeScenario.Forward, PeerTransport.Udp), method: "MESSAGE");

        Assert.Equal("SIP/2.0 200 OK", exchange.StatusLine);
        Assert.Contains("CSeq: 1 MESSAGE", exchange.Final, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Untrusted_port_fails_validation_against_the_test_ca()
    {
        await Assert.ThrowsAsync<AuthenticationException>(() =>
            RawSip.StreamAsync(edge.UntrustedTlsPort, RawSip.TlsOptions.Trusting(edge.Certificates.Ca.CertificatePath)));

        var exchange = await RawSip.StreamAsync(edge.UntrustedTlsPort, RawSip.TlsOptions.Trusting(edge.Certificates.UntrustedCa.CertificatePath));
        Assert.Equal("SIP/2.0 200 OK", exchange.StatusLine);
    }

    [Fact]
    public async Task Mutual_tls_port_answers_only_with_a_client_certificate()
    {
        using var client = X509Certificate2.CreateFromPemFile(edge.Certificates.Client.CertificatePath, edge.Certificates.Client.KeyPath);

        var withCertificate = await RawSip.StreamAsync(edge.MutualTlsPort, RawSip.TlsOptions.Trusting(edge.Certificates.Ca.CertificatePath, clientCertificate: client));
        Assert.Equal("SIP/2.0 200 OK", withCertificate.StatusLine);

        // TLS 1.3 lets the client finish its handshake before the server rejects the missing certificate,
        // so the refusal shows up either as a failed handshake or as a closed connection with no answer.
        try
        {
            var without = await RawSip.StreamAsync(edge.MutualTlsPort, RawSip.TlsOptions.Trusting(edge.Certificates.Ca.CertificatePath));
            Assert.Empty(without.Responses);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            // Refused during the handshake.
        }
    }

    [Fact]
    public async Task Server_certificate_expires_before_its_ca()
    {
        X509Certificate2? presented = null;
        var options = new RawSip.TlsOptions("edge.test", certificate =>
        {
            presented = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.RawData);
            return true;
        });

        await RawSip.StreamAsync(edge.Port(EdgeScenario.Ok, PeerTransport.Tls), options);

        Assert.NotNull(presented);
        Assert.Equal(edge.Certificates.Server.NotAfter, new DateTimeOffset(presented.NotAfter.ToUniversalTime()), TimeSpan.FromSeconds(1));
        Assert.True(edge.Certificates.Server.NotAfter < edge.Certificates.Ca.NotAfter);
        presented.Dispose();
    }

    [Fact]
    public async Task Stunnel_carries_concurrent_tls_to_a_kamailio_tcp_port()
    {
        await using var stunnel = await StunnelTls.StartAsync(edge.Port(EdgeScenario.Timeout504Diag1008, PeerTransport.Tcp), edge.Certificates.Server);
        var trust = RawSip.TlsOptions.Trusting(edge.Certificates.Ca.CertificatePath);

        var exchanges = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => RawSip.StreamAsync(stunnel.Port, trust)));

        Assert.All(exchanges, e => Assert.True(e.StatusLine == "SIP/2.0 504 Server time-out", $"{e.Final}\n--- stunnel ---\n{stunnel.Output}"));
    }

    private Task<RawSip.Exchange> Send(int port, PeerTransport transport, TimeSpan? wait = null) => transport switch
    {
        PeerTransport.Udp => RawSip.UdpAsync(port, wait),
        PeerTransport.Tcp => RawSip.StreamAsync(port, wait: wait),
        _ => RawSip.StreamAsync(port, RawSip.TlsOptions.Trusting(edge.Certificates.Ca.CertificatePath), wait),
    };
}
