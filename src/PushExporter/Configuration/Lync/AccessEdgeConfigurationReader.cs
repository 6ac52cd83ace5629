namespace PushExporter.Configuration.Lync;

/// <summary>Reads <c>Get-CsAccessEdgeConfiguration | ConvertTo-Json</c>: whether the Access Edge federates at all.</summary>
internal static class AccessEdgeConfigurationReader
{
    public const string AllowFederatedUsersKey = "AllowFederatedUsers";

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the probe deadline).</exception>
    public static Task<LyncExportResult<AccessEdgeEffective>> ReadAsync(string path, string? site, CancellationToken cancellationToken) =>
        LyncExportFile.ReadEffectiveAsync(path, LyncExportFile.SiteScope(site), (scope, identity) =>
            LyncExportFile.Boolean(scope, AllowFederatedUsersKey) is { } allowed
                ? LyncExportResult<AccessEdgeEffective>.Success(new AccessEdgeEffective(identity, allowed))
                : LyncExportResult<AccessEdgeEffective>.Failure($"{path}: {AllowFederatedUsersKey} of {identity} is missing or not a boolean"),
            cancellationToken);
}
