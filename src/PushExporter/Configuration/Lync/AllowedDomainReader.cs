namespace PushExporter.Configuration.Lync;

/// <summary>Reads <c>Get-CsAllowedDomain | ConvertTo-Json</c>: every allowed federated domain, <c>[]</c> when none is configured.</summary>
internal static class AllowedDomainReader
{
    private static readonly string[] _domainKeys = ["Domain", "Identity"];

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the probe deadline).</exception>
    public static Task<LyncExportResult<IReadOnlyList<AllowedDomain>>> ReadAsync(string path, CancellationToken cancellationToken) =>
        LyncExportFile.ReadListAsync(path, item =>
        {
            // The script writes Identity as text (the domain); a raw ConvertTo-Json of the cmdlet still has Domain.
            if (LyncExportFile.FirstName(item, _domainKeys, out var domainProblem) is not { } domain)
            {
                return LyncExportResult<AllowedDomain>.Failure($"an allowed domain has no Domain or Identity{(domainProblem is null ? string.Empty : $" ({domainProblem})")}");
            }

            var proxyFqdn = LyncExportFile.Name(item, "ProxyFqdn", out var proxyProblem);
            return proxyProblem is null
                ? LyncExportResult<AllowedDomain>.Success(new AllowedDomain(domain, proxyFqdn))
                : LyncExportResult<AllowedDomain>.Failure($"allowed domain {domain}: {proxyProblem}");
        }, cancellationToken);
}
