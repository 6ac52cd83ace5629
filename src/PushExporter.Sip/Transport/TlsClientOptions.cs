using System.Security.Authentication;

namespace PushExporter.Sip.Transport;

/// <summary>How the probe authenticates an Edge over TLS, and how it presents itself.</summary>
public sealed record TlsClientOptions
{
    /// <summary>The SNI name and the name the certificate must carry; default: the Edge's FQDN.</summary>
    public string? ServerName { get; init; }

    /// <summary>PEM file of the CAs to trust instead of the system store.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM client certificate, for an Edge interface that requires mutual TLS.</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>PEM private key of <see cref="ClientCertificateFile"/>. Never logged.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>Accept any certificate (the chain is still recorded). For labs only.</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>TLS versions offered.</summary>
    public SslProtocols Protocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;
}
