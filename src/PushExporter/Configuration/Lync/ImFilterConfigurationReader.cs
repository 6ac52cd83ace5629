using System.Globalization;
using System.Text.Json;

namespace PushExporter.Configuration.Lync;

/// <summary>Reads <c>Get-CsImFilterConfiguration | ConvertTo-Json</c> (Global and <c>Site:&lt;site&gt;</c> scopes).</summary>
internal static class ImFilterConfigurationReader
{
    // Far above a real filter (the default lists about 20 prefixes of a few characters); more would
    // only fill the evidence, logs and pages.
    private const int MaxPrefixes = 256;
    private const int MaxPrefixLength = 64;

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the probe deadline).</exception>
    public static Task<LyncExportResult<ImFilterEffective>> ReadAsync(string path, string? site, CancellationToken cancellationToken) =>
        LyncExportFile.ReadEffectiveAsync(path, LyncExportFile.SiteScope(site), (scope, identity) =>
        {
            string Problem(string what) => $"{path}: {what} of {identity}";

            if (LyncExportFile.Boolean(scope, "Enabled") is not { } enabled)
            {
                return LyncExportResult<ImFilterEffective>.Failure(Problem("Enabled is missing or not a boolean"));
            }

            if (ReadAction(scope, out var found) is not { } action)
            {
                return LyncExportResult<ImFilterEffective>.Failure(Problem($"Action is {found}, expected Allow, Block, Warn or their numbers 0, 1, 2"));
            }

            if (ReadPrefixes(scope, out var shape) is not { } prefixes)
            {
                return LyncExportResult<ImFilterEffective>.Failure(Problem($"Prefixes is {shape}, expected an array of strings"));
            }

            return LyncExportResult<ImFilterEffective>.Success(new ImFilterEffective(identity, enabled, action, prefixes));
        }, cancellationToken);

    private static string? ReadAction(JsonElement scope, out string found)
    {
        if (!scope.TryGetProperty("Action", out var action))
        {
            found = "missing";
            return null;
        }

        found = LyncExportFile.Describe(action);
        return action.ValueKind switch
        {
            JsonValueKind.Number when action.TryGetInt32(out var number) => ImFilterActions.FromNumber(number),
            JsonValueKind.String => ImFilterActions.FromName(action.GetString()!),
            _ => null,
        };
    }

    private static List<string>? ReadPrefixes(JsonElement scope, out string shape)
    {
        if (!scope.TryGetProperty("Prefixes", out var prefixes) || prefixes.ValueKind == JsonValueKind.Null)
        {
            shape = "missing";
            return null;
        }

        shape = LyncExportFile.Describe(prefixes);
        if (prefixes.ValueKind == JsonValueKind.String && prefixes.GetString()!.StartsWith("System.", StringComparison.Ordinal))
        {
            // ConvertTo-Json writes a collection's type name once it passes -Depth.
            shape += " (ConvertTo-Json truncated it: export again with -Depth 5)";
            return null;
        }

        if (LyncExportFile.AsArray(prefixes) is not { } array)
        {
            return null;
        }

        if (array.GetArrayLength() > MaxPrefixes)
        {
            shape = string.Create(CultureInfo.InvariantCulture, $"an array of {array.GetArrayLength()} entries (at most {MaxPrefixes} are read)");
            return null;
        }

        var list = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                shape = $"an array holding {LyncExportFile.Describe(item)}";
                return null;
            }

            if (item.GetString()!.Length > MaxPrefixLength)
            {
                shape = string.Create(CultureInfo.InvariantCulture, $"an array holding {LyncExportFile.Describe(item)} (prefixes of at most {MaxPrefixLength} characters are read)");
                return null;
            }

            list.Add(item.GetString()!);
        }

        return list;
    }
}
