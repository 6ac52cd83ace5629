using System.Net.Security;
using System.Security.Authentication;

namespace PushExporter.Hosting;

/// <summary>The <c>tls_server_config</c> section; file paths are absolute once loaded.</summary>
internal sealed record TlsServerConfig
{
    public required string CertFile { get; init; }

    public required string KeyFile { get; init; }

    public ClientAuthType ClientAuthType { get; init; } = ClientAuthType.NoClientCert;

    /// <summary>PEM bundle that client certificates must chain to; null means none configured.</summary>
    public string? ClientCaFile { get; init; }

    public SslProtocols MinVersion { get; init; } = SslProtocols.Tls12;

    public SslProtocols MaxVersion { get; init; } = SslProtocols.Tls13;

    /// <summary>The TLS 1.2 suites to offer (<c>cipher_suites</c>), null for the platform's default; TLS 1.3 suites are not configurable, as in Go.</summary>
    public IReadOnlyList<TlsCipherSuite>? CipherSuites { get; init; }

    /// <summary>A client certificate must carry one of these subject alternative names (<c>client_allowed_sans</c>); empty means any.</summary>
    public IReadOnlyList<string> ClientAllowedSans { get; init; } = [];

    /// <summary>The protocols from <see cref="MinVersion"/> to <see cref="MaxVersion"/>.</summary>
    public SslProtocols Protocols => (MinVersion, MaxVersion) switch
    {
        (SslProtocols.Tls13, _) => SslProtocols.Tls13,
        (_, SslProtocols.Tls12) => SslProtocols.Tls12,
        _ => SslProtocols.Tls12 | SslProtocols.Tls13,
    };
}
