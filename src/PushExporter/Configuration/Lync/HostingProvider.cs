namespace PushExporter.Configuration.Lync;

/// <summary>One entry of <c>Get-CsHostingProvider</c>.</summary>
internal sealed record HostingProvider(string Identity, string? ProxyFqdn, bool Enabled)
{
    /// <summary>Whether its ProxyFqdn is <paramref name="fqdn"/> (case-insensitive, a trailing dot ignored).</summary>
    public bool Proxies(string fqdn) => Fqdn.SameHost(ProxyFqdn, fqdn);
}
