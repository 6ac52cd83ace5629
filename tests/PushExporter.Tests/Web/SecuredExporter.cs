using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PushExporter.Testing;
using PushExporter.Tests.EndToEnd;

namespace PushExporter.Tests.Web;

/// <summary>
/// The real binary serving HTTPS with basic auth (a bcrypt hash made here of a random
/// password), logging JSON at debug level, probing one target whose port refuses so that a
/// failed-probe line is logged every second. No Edge peer is needed: the refusal is real.
/// </summary>
public sealed class SecuredExporter : IAsyncLifetime
{
    public const string User = "prometheus";
    public const string Target = "refused_edge";

    private readonly TempDirectory _directory = TempDirectory.Create("secured");
    private ExporterProcess? _process;

    public TestCertificates Certificates { get; } = TestCertificates.Create("localhost");

    /// <summary>Random, so that finding it anywhere can only mean it leaked.</summary>
    public string Password { get; } = "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    public string Hash { get; private set; } = "";

    public string WebConfigPath => _directory.File("web.yml");

    public ExporterProcess Process => _process ?? throw new InvalidOperationException("not started");

    public Uri BaseAddress => new($"https://127.0.0.1:{Process.Port}/");

    public async ValueTask InitializeAsync()
    {
        Hash = BCrypt.Net.BCrypt.HashPassword(Password, 10);
        var webConfig = WebConfigPath;
        await File.WriteAllTextAsync(webConfig, $"""
            tls_server_config:
              cert_file: {Certificates.Server.CertificatePath}
              key_file: {Certificates.Server.KeyPath}
            basic_auth_users:
              {User}: {Hash}
            """);
        var config = _directory.File("pushexporter.yml");
        await File.WriteAllTextAsync(config, ConfigFiles.RefusingTarget(Target, FreePort.Tcp()));
        _process = ExporterProcess.Start(FreePort.Tcp(), "--config.file", config, "--web.config.file", webConfig, "--log.level", "debug", "--log.format", "json");
        using var client = Client(User, Password);
        await _process.WaitUntilHealthyAsync(client);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Certificates.Dispose();
        _directory.Dispose();
    }

    /// <summary>An HTTPS client that trusts the test CA only, with basic credentials when given.</summary>
    public HttpClient Client(string? user = null, string? password = null, X509Certificate2? clientCertificate = null) =>
        Https(BaseAddress, Certificates.Ca.CertificatePath, user, password, clientCertificate);

    internal static HttpClient Https(Uri baseAddress, string caFile, string? user, string? password, X509Certificate2? clientCertificate)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
#pragma warning disable CA2000 // The client owns and disposes the handler.
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                return certificate is not null && chain.Build(certificate);
            },
        };
#pragma warning restore CA2000
        if (clientCertificate is not null)
        {
            handler.ClientCertificateOptions = ClientCertificateOption.Manual;
            handler.ClientCertificates.Add(clientCertificate);
        }

        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return client;
    }
}
