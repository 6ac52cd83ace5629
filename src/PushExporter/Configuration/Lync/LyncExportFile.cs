using System.Text;
using System.Text.Json;

namespace PushExporter.Configuration.Lync;

/// <summary>
/// Reads what <c>Get-Cs…Configuration | ConvertTo-Json</c> writes under Windows PowerShell 5.1:
/// UTF-8 or UTF-16 (Out-File's default) with a BOM, one scope object or an array of them, and
/// picks the effective scope: <c>Site:&lt;site&gt;</c> when present, else <c>Global</c>.
/// </summary>
internal static class LyncExportFile
{
    private static readonly string[] _siteNameKeys = ["SiteId", "Name", "SiteName"];

    private static readonly JsonDocumentOptions _options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Parses the file and hands the effective scope to <paramref name="read"/>.</summary>
    public static LyncExportResult<T> ReadEffective<T>(string path, string? site, Func<JsonElement, string, LyncExportResult<T>> read)
        where T : class
    {
        string text;
        try
        {
            text = Decode(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return LyncExportResult<T>.Failure($"{path}: file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return LyncExportResult<T>.Failure($"{path}: cannot read the file: {e.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(text, _options);
            var scopes = Scopes(document.RootElement);
            if (scopes is null)
            {
                return LyncExportResult<T>.Failure($"{path}: expected a JSON object or an array of objects from ConvertTo-Json, found {Describe(document.RootElement)}");
            }

            var identities = new List<string>();
            foreach (var scope in scopes)
            {
                if (!scope.TryGetProperty("Identity", out var identity) || IdentityText(identity) is not { } scopeName)
                {
                    return LyncExportResult<T>.Failure($"{path}: a scope has no Identity (Global, Site:<name>) (found {(scope.TryGetProperty("Identity", out var other) ? Describe(other) : "none")})");
                }

                identities.Add(scopeName);
            }

            var index = site is null ? -1 : identities.FindIndex(i => string.Equals(i, $"site:{site}", StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                index = identities.FindIndex(i => string.Equals(i, "Global", StringComparison.OrdinalIgnoreCase));
            }

            if (index < 0)
            {
                var wanted = site is null ? "a Global scope" : $"neither a Site:{site} nor a Global scope";
                return LyncExportResult<T>.Failure($"{path}: {wanted} among {(identities.Count == 0 ? "no scopes" : string.Join(", ", identities))}");
            }

            return read(scopes[index], identities[index]);
        }
        catch (JsonException e)
        {
            return LyncExportResult<T>.Failure($"{path}: invalid JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}");
        }
    }

    /// <summary>
    /// A JSON array as ConvertTo-Json writes it: plain, or in PowerShell 5.1's
    /// <c>{"value": [...], "Count": n}</c> wrapper for arrays carrying extended properties.
    /// </summary>
    public static JsonElement? AsArray(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element,
        JsonValueKind.Object when element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array => value,
        _ => null,
    };

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        _ => "null",
    };

    /// <summary>
    /// The scope as text. ConvertTo-Json usually writes Identity as its string form; an
    /// XdsIdentity serialized property by property is searched for a value that reads as a
    /// scope (<c>Global</c>, <c>Site:…</c>), else rebuilt from <c>ScopeClass</c> and the site name.
    /// </summary>
    private static string? IdentityText(JsonElement identity)
    {
        if (identity.ValueKind == JsonValueKind.String)
        {
            return identity.GetString();
        }

        if (identity.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in identity.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { } value
                && (value.Equals("Global", StringComparison.OrdinalIgnoreCase) || value.StartsWith("site:", StringComparison.OrdinalIgnoreCase)))
            {
                return value;
            }
        }

        if (!identity.TryGetProperty("ScopeClass", out var scopeClass))
        {
            return null;
        }

        var scope = scopeClass.ValueKind switch
        {
            JsonValueKind.String => scopeClass.GetString(),
            JsonValueKind.Number when scopeClass.TryGetInt32(out var number) => number switch { 0 => "Global", 1 => "Site", _ => null },
            _ => null,
        };
        if (string.Equals(scope, "Global", StringComparison.OrdinalIgnoreCase))
        {
            return "Global";
        }

        var name = _siteNameKeys
            .Select(key => identity.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return string.Equals(scope, "Site", StringComparison.OrdinalIgnoreCase) && name is not null ? $"Site:{name}" : null;
    }

    private static List<JsonElement>? Scopes(JsonElement root)
    {
        if (AsArray(root) is { } array)
        {
            var scopes = array.EnumerateArray().ToList();
            return scopes.TrueForAll(s => s.ValueKind == JsonValueKind.Object) ? scopes : null;
        }

        return root.ValueKind == JsonValueKind.Object ? [root] : null;
    }

    // Windows PowerShell 5.1 writes UTF-16 LE with a BOM through Out-File and '>', UTF-8 with a BOM through Set-Content -Encoding UTF8.
    private static string Decode(byte[] bytes)
    {
        Encoding encoding = bytes switch
        {
            [0xFF, 0xFE, ..] => Encoding.Unicode,
            [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode,
            _ => Encoding.UTF8,
        };
        var preamble = encoding.Preamble.Length;
        var hasBom = bytes.AsSpan().StartsWith(encoding.Preamble);
        return encoding.GetString(bytes, hasBom ? preamble : 0, bytes.Length - (hasBom ? preamble : 0));
    }

    // System.Text.Json appends "Path: … | LineNumber: … | BytePositionInLine: …", which the message already states.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
