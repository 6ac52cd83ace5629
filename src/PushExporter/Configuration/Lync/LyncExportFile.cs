using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PushExporter.Configuration.Lync;

/// <summary>
/// Reads what <c>Get-Cs…Configuration | ConvertTo-Json</c> writes under Windows PowerShell 5.1:
/// UTF-8 or UTF-16 (Out-File's default) with a BOM, one scope object or an array of them, and
/// picks the effective scope: <c>Site:&lt;site&gt;</c> when present, else <c>Global</c>.
/// Bounded, since the file is whatever sits at a configured path: regular files only (not a
/// device, a FIFO, a socket or a directory), at most <see cref="MaxBytes"/>, read asynchronously
/// so that the probe deadline stops it, JSON nested at most <see cref="MaxDepth"/> levels, and
/// error texts that quote the file's values as short escaped excerpts, never in full.
/// </summary>
internal static class LyncExportFile
{
    /// <summary>The largest export read: PRODUCT.md's bound, a hundred times a real export.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>The deepest JSON nesting read; ConvertTo-Json writes at most its -Depth (the script uses 5) plus two.</summary>
    public const int MaxDepth = 32;

    // The characters of a value an error quotes; longer ones are cut, with their length said.
    private const int MaxExcerpt = 40;

    // The scope names an error lists; more are counted.
    private const int MaxListed = 10;

    private static readonly string[] _siteNameKeys = ["SiteId", "Name", "SiteName"];

    private static readonly JsonDocumentOptions _options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = MaxDepth,
    };

    /// <summary>
    /// Reads and parses the file and hands the effective scope to <paramref name="read"/>.
    /// Every problem of the file is a failure naming it; only cancellation throws.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the probe deadline).</exception>
    public static async Task<LyncExportResult<T>> ReadEffectiveAsync<T>(
        string path, string? site, Func<JsonElement, string, LyncExportResult<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        var (bytes, problem) = await ReadBoundedAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return LyncExportResult<T>.Failure($"{path}: {problem}");
        }

        try
        {
            using var document = JsonDocument.Parse(Decode(bytes), _options);
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
                return LyncExportResult<T>.Failure($"{path}: {wanted} among {List(identities)}");
            }

            return read(scopes[index], identities[index]);
        }
        catch (JsonException e)
        {
            return LyncExportResult<T>.Failure($"{path}: invalid JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}");
        }
        catch (InvalidOperationException e)
        {
            // JsonDocument accepts a string escape of an unpaired surrogate ("\ud800"); reading it throws.
            return LyncExportResult<T>.Failure($"{path}: invalid JSON: {FirstSentence(e.Message)}");
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
        JsonValueKind.String => $"the string {Excerpt(element.GetString()!)}",
        JsonValueKind.Number => $"the number {Excerpt(element.GetRawText(), quoted: false)}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        _ => "null",
    };

    /// <summary>
    /// A value from the file as an error quotes it: JSON-escaped, in full up to 40 characters,
    /// else its start and its length, so that a file cannot fill logs and pages with itself.
    /// </summary>
    public static string Excerpt(string value, bool quoted = true)
    {
        var cut = value.Length > MaxExcerpt;

        // Never between the halves of a surrogate pair, which the encoder refuses.
        var end = cut && char.IsHighSurrogate(value[MaxExcerpt - 1]) ? MaxExcerpt - 1 : Math.Min(value.Length, MaxExcerpt);
        var text = JsonEncodedText.Encode(value.AsSpan(0, end), JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        var shown = quoted ? $"\"{text}{(cut ? "…" : string.Empty)}\"" : text + (cut ? "…" : string.Empty);
        return cut ? string.Create(CultureInfo.InvariantCulture, $"{shown} ({value.Length} characters)") : shown;
    }

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

    private static string List(List<string> identities) => identities.Count switch
    {
        0 => "no scopes",
        <= MaxListed => string.Join(", ", identities.Select(i => Excerpt(i, quoted: false))),
        _ => string.Join(", ", identities.Take(MaxListed).Select(i => Excerpt(i, quoted: false)))
            + string.Create(CultureInfo.InvariantCulture, $" and {identities.Count - MaxListed} more"),
    };

    // The file's bytes, or why there are none. The type and size are checked before the file is
    // opened: opening a FIFO blocks until a writer comes, and a device's size says nothing.
    private static async Task<(byte[]? Bytes, string? Problem)> ReadBoundedAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            if (Directory.Exists(path))
            {
                return (null, "a directory, not an export file");
            }

            var file = new FileInfo(path);
            if (file.LinkTarget is not null)
            {
                file = new FileInfo(file.ResolveLinkTarget(returnFinalTarget: true)!.FullName);
            }

            // .NET shows no file type, but a device, FIFO or socket has size 0, as an empty file has.
            if (!file.Exists)
            {
                return (null, "file not found");
            }

            if (file.Length == 0)
            {
                return (null, "empty, or not a regular file (a device, a FIFO or a socket)");
            }

            if (file.Length > MaxBytes)
            {
                return (null, TooLarge(file.Length));
            }

            var options = new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0,
            };
            await using var stream = new FileStream(file.FullName, options);

            // Checked again on the open file, which may have been replaced since.
            var length = stream.CanSeek ? stream.Length : 0;
            if (length is 0 or > MaxBytes)
            {
                return (null, length == 0 ? "empty, or not a regular file (a device, a FIFO or a socket)" : TooLarge(length));
            }

            var bytes = new byte[length];
            var read = 0;
            while (read < bytes.Length)
            {
                var count = await stream.ReadAsync(bytes.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (count == 0)
                {
                    break;
                }

                read += count;
            }

            return (read == bytes.Length ? bytes : bytes[..read], null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, "file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the file: {e.Message}");
        }
    }

    private static string TooLarge(long length) =>
        string.Create(CultureInfo.InvariantCulture, $"{length} bytes, larger than the {MaxBytes / (1024 * 1024)} MiB an export may be");

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

    // System.Text.Json appends "Path: … | LineNumber: … | BytePositionInLine: …", which the message already states;
    // the path holds the file's property names, so it is never quoted.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var sentence = cut < 0 ? message : message[..cut];
        return sentence.Length <= 200 ? sentence : sentence[..199] + "…";
    }
}
