using System.Globalization;
using System.Text.Json;

namespace PushExporter.Configuration.Lync;

/// <summary>
/// Reads <c>Get-CsMcxConfiguration | ConvertTo-Json</c>. Mcx settings exist at Global,
/// <c>Site:&lt;site&gt;</c> and <c>Service:WebServer:&lt;pool fqdn&gt;</c> scope; the most specific wins.
/// </summary>
internal static class McxConfigurationReader
{
    // Far above any real SIP URI; a longer value would only fill the evidence, logs and pages.
    private const int MaxUriLength = 1024;

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the probe deadline).</exception>
    public static Task<LyncExportResult<McxEffective>> ReadAsync(string path, string? site, string? frontEndPool, CancellationToken cancellationToken) =>
        LyncExportFile.ReadEffectiveAsync(path, Scopes(site, frontEndPool), (scope, identity) =>
        {
            if (!scope.TryGetProperty("PushNotificationProxyUri", out var uri) || uri.ValueKind == JsonValueKind.Null)
            {
                // A missing value is a finding of the config check (bad_uri), not a broken file.
                return LyncExportResult<McxEffective>.Success(new McxEffective(identity, null));
            }

            if (uri.ValueKind != JsonValueKind.String)
            {
                return LyncExportResult<McxEffective>.Failure($"{path}: PushNotificationProxyUri of {identity} is {LyncExportFile.Describe(uri)}, expected a string");
            }

            var text = uri.GetString()!;
            return text.Length <= MaxUriLength
                ? LyncExportResult<McxEffective>.Success(new McxEffective(identity, text))
                : LyncExportResult<McxEffective>.Failure(string.Create(CultureInfo.InvariantCulture, $"{path}: PushNotificationProxyUri of {identity} is {LyncExportFile.Describe(uri)}, longer than the {MaxUriLength} characters a SIP URI may have here"));
        }, cancellationToken);

    /// <summary>The scopes that may hold a pool's Mcx settings, most specific first (Global comes last on its own).</summary>
    private static IReadOnlyList<string> Scopes(string? site, string? frontEndPool) =>
        [.. frontEndPool is null ? [] : new[] { $"Service:WebServer:{frontEndPool}" }, .. LyncExportFile.SiteScope(site)];
}
