namespace PushExporter.Configuration.Lync;

/// <summary>One entry of <c>Get-CsAllowedDomain</c>; <paramref name="ProxyFqdn"/> null when it has none.</summary>
internal sealed record AllowedDomain(string Domain, string? ProxyFqdn)
{
    public bool Is(string domain) => Fqdn.SameHost(Domain, domain);
}
