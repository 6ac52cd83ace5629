namespace PushExporter.Configuration.Lync;

/// <summary>Reads <c>Get-CsHostingProvider | ConvertTo-Json</c>: every provider, <c>[]</c> when none is configured.</summary>
internal static class HostingProviderReader
{
    private static readonly string[] _identityKeys = ["Identity", "Name"];

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the probe deadline).</exception>
    public static Task<LyncExportResult<IReadOnlyList<HostingProvider>>> ReadAsync(string path, CancellationToken cancellationToken) =>
        LyncExportFile.ReadListAsync(path, item =>
        {
            // The script writes Identity as text; a raw ConvertTo-Json of the cmdlet still has Name.
            if (LyncExportFile.FirstName(item, _identityKeys, out var identityProblem) is not { } identity)
            {
                return LyncExportResult<HostingProvider>.Failure($"a hosting provider has no Identity or Name{(identityProblem is null ? string.Empty : $" ({identityProblem})")}");
            }

            var proxyFqdn = LyncExportFile.Name(item, "ProxyFqdn", out var proxyProblem);
            if (proxyProblem is not null)
            {
                return LyncExportResult<HostingProvider>.Failure($"hosting provider {identity}: {proxyProblem}");
            }

            return LyncExportFile.Boolean(item, "Enabled") is { } enabled
                ? LyncExportResult<HostingProvider>.Success(new HostingProvider(identity, proxyFqdn, enabled))
                : LyncExportResult<HostingProvider>.Failure($"hosting provider {identity}: Enabled is missing or not a boolean");
        }, cancellationToken);
}
