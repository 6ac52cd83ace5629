namespace PushExporter.Configuration;

/// <summary>
/// The opt-in check of the Access Edge's external interface (<c>external_tls_check: true</c>):
/// TLS to the target's <see cref="TargetConfig.ExternalEdgeFqdn"/> as the clearing house would see it.
/// </summary>
internal sealed record ExternalTlsConfig
{
    public const int DefaultPort = 5061;

    /// <summary><c>external_tls_port</c>.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary><c>external_tls_ca_file</c>, absolute; null means the system's trusted roots.</summary>
    public string? CaFile { get; init; }
}
