using System.Net;
using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using PushExporter.Testing;
using PushExporter.Tests.EndToEnd;

namespace PushExporter.Tests.Web;

/// <summary>
/// The exporter-toolkit keys a web.yml shared with node_exporter carries, applied by the real
/// binary: <c>client_allowed_sans</c>, <c>cipher_suites</c>, <c>max_version</c> and
/// <c>http_server_config.http2</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WebToolkitTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = TempDirectory.Create("toolkit");
    private readonly TestCertificates _certificates = TestCertificates.Create("localhost");
    private ExporterProcess? _process;

    private Uri BaseAddress => new($"https://127.0.0.1:{_process!.Port}/");

    public async ValueTask InitializeAsync()
    {
        var webConfig = _directory.File("web.yml");
        await File.WriteAllTextAsync(webConfig, $"""
            tls_server_config:
              cert_file: {_certificates.Server.CertificatePath}
              key_file: {_certificates.Server.KeyPath}
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: {_certificates.Ca.CertificatePath}
              client_allowed_sans: [{TestCertificates.ClientName}]
              max_version: TLS12
              cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]
              curve_preferences: [X25519]
            http_server_config:
              http2: false
            """);
        var config = _directory.File("pushexporter.yml");
        await File.WriteAllTextAsync(config, ConfigFiles.RefusingTarget("refused_edge", FreePort.Tcp()));
        _process = ExporterProcess.Start(FreePort.Tcp(), "--config.file", config, "--web.config.file", webConfig);
        using var client = Client(_certificates.NamedClient);
        await _process.WaitUntilHealthyAsync(client);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _certificates.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_client_certificate_without_an_allowed_name_is_refused_though_its_ca_is_trusted()
    {
        using var client = Client(_certificates.Client);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("-/healthy", UriKind.Relative), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Http2_off_and_tls_1_2_at_most_are_what_the_listener_speaks()
    {
        using var client = Client(_certificates.NamedClient, out var negotiated);
        using var request = new HttpRequestMessage(HttpMethod.Get, "-/healthy") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal(SslProtocols.Tls12, negotiated());
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task A_client_offering_only_a_suite_not_listed_fails_the_handshake()
    {
        using var handler = Handler(_certificates.NamedClient);
        handler.SslOptions.EnabledSslProtocols = SslProtocols.Tls12;
        handler.SslOptions.CipherSuitesPolicy = new CipherSuitesPolicy([TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]);
        using var client = new HttpClient(handler) { BaseAddress = BaseAddress };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("-/healthy", UriKind.Relative), TestContext.Current.CancellationToken));

        using var listed = Client(_certificates.NamedClient);
        using var response = await listed.GetAsync(new Uri("-/healthy", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpClient Client(CertificateFiles certificate) => Client(certificate, out _);

    private HttpClient Client(CertificateFiles certificate, out Func<SslProtocols> negotiated)
    {
        var handler = Handler(certificate);
        var protocol = SslProtocols.None;
        var validate = handler.SslOptions.RemoteCertificateValidationCallback!;
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, presented, chain, errors) =>
        {
            protocol = (sender as SslStream)?.SslProtocol ?? SslProtocols.None;
            return validate(sender, presented, chain, errors);
        };
        negotiated = () => protocol;
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    // Trusts the test CA only, and presents the given client certificate.
    private SocketsHttpHandler Handler(CertificateFiles certificate)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(_certificates.Ca.CertificatePath));
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(certificate.CertificatePath, certificate.KeyPath)];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            return presented is X509Certificate2 server && chain.Build(server);
        };
        return handler;
    }
}
