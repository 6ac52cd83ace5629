namespace PushExporter.Configuration;

/// <summary>A target's <c>tls</c> section; file paths are absolute once loaded.</summary>
internal sealed record TlsConfig
{
    /// <summary>SNI and the name the certificate must match; null means the access edge FQDN.</summary>
    public string? ServerName { get; init; }

    /// <summary>PEM bundle of trusted CAs; null means the system trust store.</summary>
    public string? CaFile { get; init; }

    public string? ClientCertificateFile { get; init; }

    public string? ClientKeyFile { get; init; }

    public bool InsecureSkipVerify { get; init; }
}
