namespace PushExporter.Configuration.Lync;

/// <summary>
/// Reads <c>Get-CsPushNotificationConfiguration | ConvertTo-Json</c> (Global and
/// <c>Site:&lt;site&gt;</c> scopes): whether the Apple and the Microsoft push notification services are on.
/// </summary>
internal static class PushNotificationConfigurationReader
{
    public const string AppleKey = "EnableApplePushNotificationService";
    public const string MicrosoftKey = "EnableMicrosoftPushNotificationService";

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the probe deadline).</exception>
    public static Task<LyncExportResult<PushNotificationEffective>> ReadAsync(string path, string? site, CancellationToken cancellationToken) =>
        LyncExportFile.ReadEffectiveAsync(path, LyncExportFile.SiteScope(site), (scope, identity) =>
        {
            if (LyncExportFile.Boolean(scope, AppleKey) is not { } apple)
            {
                return LyncExportResult<PushNotificationEffective>.Failure($"{path}: {AppleKey} of {identity} is missing or not a boolean");
            }

            if (LyncExportFile.Boolean(scope, MicrosoftKey) is not { } microsoft)
            {
                return LyncExportResult<PushNotificationEffective>.Failure($"{path}: {MicrosoftKey} of {identity} is missing or not a boolean");
            }

            return LyncExportResult<PushNotificationEffective>.Success(new PushNotificationEffective(identity, apple, microsoft));
        }, cancellationToken);
}
