namespace PushExporter.Vocabulary;

/// <summary>
/// The <c>check</c> label values of <c>pushexporter_check_success</c>, in probe order. A check
/// is one verdict of the contract; one step of the probe may produce several.
/// </summary>
internal static class CheckLabels
{
    public const string ProxyUri = "proxy_uri";
    public const string ImFilter = "im_filter";
    public const string PushServices = "push_services";
    public const string FederationEnabled = "federation_enabled";
    public const string HostingProvider = "hosting_provider";
    public const string AllowedDomain = "allowed_domain";
    public const string DnsSrv = "dns_srv";
    public const string EdgeDns = "edge_dns";
    public const string EdgeConnect = "edge_connect";
    public const string EdgeTls = "edge_tls";
    public const string ExternalTls = "external_tls";
    public const string PushRoute = "push_route";

    public static IReadOnlyList<string> All { get; } = [ProxyUri, ImFilter, PushServices, FederationEnabled, HostingProvider, AllowedDomain, DnsSrv, EdgeDns, EdgeConnect, EdgeTls, ExternalTls, PushRoute];
}
