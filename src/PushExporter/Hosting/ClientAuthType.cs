namespace PushExporter.Hosting;

/// <summary>
/// <c>tls_server_config.client_auth_type</c>, named as in the Prometheus exporter-toolkit
/// (after Go's <c>tls.ClientAuthType</c>).
/// </summary>
internal enum ClientAuthType
{
    NoClientCert,
    RequestClientCert,
    RequireAnyClientCert,
    VerifyClientCertIfGiven,
    RequireAndVerifyClientCert,
}
