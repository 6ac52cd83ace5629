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
}
