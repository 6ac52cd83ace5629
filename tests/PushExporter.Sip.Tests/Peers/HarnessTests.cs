using System.Security.Cryptography.X509Certificates;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Peers;

public sealed class HarnessTests
{
    [Fact]
    public void Free_ports_are_never_handed_out_twice()
    {
        var ports = Enumerable.Range(0, 50).SelectMany(_ => new[] { FreePort.Tcp(), FreePort.Udp() }).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 1024, 65535));
    }

    [Fact]
    public void A_missing_peer_says_what_to_install()
    {
        var e = Assert.Throws<PeerException>(() => PeerProcess.Locate("no-such-peer-binary", "install no-such-package"));

        Assert.Equal("no-such-peer-binary not found: install no-such-package", e.Message);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task A_peer_that_fails_to_start_reports_its_own_output()
    {
        await using var kamailio = PeerProcess.Start("kamailio", KamailioEdge.InstallHint, ["-DD", "-E", "-f", "/nonexistent/kamailio.cfg"]);

        var e = await Assert.ThrowsAsync<PeerException>(() => kamailio.WaitForListenersAsync([FreePort.Tcp()], [], TimeSpan.FromSeconds(10)));

        Assert.Contains("ended before listening", e.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/kamailio.cfg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_certificates_chain_to_their_own_ca_only()
    {
        using var certificates = TestCertificates.Create("edge.test");
        using var ca = X509CertificateLoader.LoadCertificateFromFile(certificates.Ca.CertificatePath);
        using var server = X509Certificate2.CreateFromPemFile(certificates.Server.CertificatePath, certificates.Server.KeyPath);
        using var client = X509Certificate2.CreateFromPemFile(certificates.Client.CertificatePath, certificates.Client.KeyPath);
        using var untrusted = X509CertificateLoader.LoadCertificateFromFile(certificates.UntrustedServer.CertificatePath);

        Assert.True(Chains(server, ca));
        Assert.True(Chains(client, ca));
        Assert.False(Chains(untrusted, ca));
        Assert.True(server.MatchesHostname("edge.test"));
        Assert.True(server.MatchesHostname("127.0.0.1"));
        Assert.True(server.HasPrivateKey);
        Assert.True(certificates.Server.NotAfter < certificates.Ca.NotAfter);
    }

    private static bool Chains(X509Certificate2 leaf, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
