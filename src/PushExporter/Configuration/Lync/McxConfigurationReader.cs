using System.Text.Json;

namespace PushExporter.Configuration.Lync;

/// <summary>Reads <c>Get-CsMcxConfiguration | ConvertTo-Json</c>.</summary>
internal static class McxConfigurationReader
{
    public static LyncExportResult<McxEffective> Read(string path, string? site) =>
        LyncExportFile.ReadEffective(path, site, (scope, identity) =>
        {
            if (!scope.TryGetProperty("PushNotificationProxyUri", out var uri) || uri.ValueKind == JsonValueKind.Null)
            {
                // A missing value is a finding of the config check (bad_uri), not a broken file.
                return LyncExportResult<McxEffective>.Success(new McxEffective(identity, null));
            }

            return uri.ValueKind == JsonValueKind.String
                ? LyncExportResult<McxEffective>.Success(new McxEffective(identity, uri.GetString()))
                : LyncExportResult<McxEffective>.Failure($"{path}: PushNotificationProxyUri of {identity} is {LyncExportFile.Describe(uri)}, expected a string");
        });
}
