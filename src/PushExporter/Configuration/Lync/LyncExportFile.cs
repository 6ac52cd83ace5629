using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PushExporter.Configuration.Lync;

/// <summary>
/// Reads what <c>Get-Cs… | ConvertTo-Json</c> writes under Windows PowerShell 5.1: UTF-8 or
/// UTF-16 (Out-File's default) with a BOM, one object or an array of them. A settings export
/// (Mcx, IM filter, push notification, Access Edge) is a set of scopes of which the effective
/// one is the most specific present, Global always among them; a list export (hosting providers,
/// allowed domains) is a list, <c>[]</c> when none is configured.
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

    /// <summary>The longest name read (an Identity, a domain, a ProxyFqdn); fix texts quote names, so they stay short.</summary>
    public const int MaxNameLength = 256;

    // The characters of a value an error quotes; longer ones are cut, with their length said.
    private const int MaxExcerpt = 40;

    // The scope names an error lists; more are counted.
    private const int MaxListed = 10;

    private const string GlobalScope = "Global";

    private static readonly string[] _siteNameKeys = ["SiteId", "Name", "SiteName"];

    private static readonly JsonDocumentOptions _options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = MaxDepth,
    };

    /// <summary>The site's scope name, <c>Site:&lt;site&gt;</c>, as a one-scope preference list (empty without a site).</summary>
    public static IReadOnlyList<string> SiteScope(string? site) => site is null ? [] : [$"Site:{site}"];

    /// <summary>
    /// Reads a settings export and hands its effective scope to <paramref name="read"/>: the first of
    /// <paramref name="preferred"/> (most specific first) that the file has, else Global. An export
    /// without a Global scope is not what the cmdlet writes. Identities are compared case-insensitively.
    /// Every problem of the file is a failure naming it; only cancellation throws.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the probe deadline).</exception>
    public static async Task<LyncExportResult<T>> ReadEffectiveAsync<T>(
        string path, IReadOnlyList<string> preferred, Func<JsonElement, string, LyncExportResult<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(preferred);
        var (bytes, problem, modifiedAt) = await ReadBoundedAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return LyncExportResult<T>.Failure($"{path}: {problem}") with { ModifiedAt = modifiedAt };
        }

        var result = Parse(path, bytes, root =>
        {
            var scopes = Objects(root);
            if (scopes is null)
            {
                return LyncExportResult<T>.Failure($"{path}: expected a JSON object or an array of objects from ConvertTo-Json, found {Describe(root)}");
            }

            var identities = new List<string>();
            foreach (var scope in scopes)
            {
                if (!scope.TryGetProperty("Identity", out var identity) || IdentityText(identity) is not { } scopeName)
                {
                    return LyncExportResult<T>.Failure($"{path}: a scope has no Identity (Global, Site:<name>) (found {(scope.TryGetProperty("Identity", out var other) ? Describe(other) : "none")})");
                }

                if (NameProblem(scopeName) is { } bad)
                {
                    return LyncExportResult<T>.Failure($"{path}: a scope's Identity is {bad}");
                }

                identities.Add(scopeName);
            }

            var global = identities.FindIndex(i => string.Equals(i, GlobalScope, StringComparison.OrdinalIgnoreCase));
            if (global < 0)
            {
                return LyncExportResult<T>.Failure($"{path}: no Global scope among {List(identities)} (the cmdlet always returns one)");
            }

            foreach (var wanted in preferred)
            {
                var index = identities.FindIndex(i => string.Equals(i, wanted, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    return read(scopes[index], identities[index]);
                }
            }

            return read(scopes[global], identities[global]);
        });
        return result with { ModifiedAt = modifiedAt };
    }

    /// <summary>
    /// Reads a list export: every object becomes an item through <paramref name="read"/>; one object
    /// is a list of one, and <c>[]</c> is an empty list (none configured). Every problem of the file
    /// is a failure naming it; only cancellation throws.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the probe deadline).</exception>
    public static async Task<LyncExportResult<IReadOnlyList<T>>> ReadListAsync<T>(
        string path, Func<JsonElement, LyncExportResult<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        var (bytes, problem, modifiedAt) = await ReadBoundedAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return LyncExportResult<IReadOnlyList<T>>.Failure($"{path}: {problem}") with { ModifiedAt = modifiedAt };
        }

        var result = Parse(path, bytes, root =>
        {
            if (Objects(root) is not { } objects)
            {
                return LyncExportResult<IReadOnlyList<T>>.Failure($"{path}: expected a JSON array of objects (or one object) from ConvertTo-Json, found {Describe(root)}");
            }

            var items = new List<T>(objects.Count);
            foreach (var item in objects)
            {
                var entry = read(item);
                if (!entry.IsSuccess)
                {
                    return LyncExportResult<IReadOnlyList<T>>.Failure($"{path}: {entry.Error}");
                }

                items.Add(entry.Value);
            }

            return LyncExportResult<IReadOnlyList<T>>.Success(items);
        });
        return result with { ModifiedAt = modifiedAt };
    }

    /// <summary>
    /// A boolean property: JSON true/false, or the strings "True"/"False" of exports that went
    /// through a string conversion (e.g. CSV round trips). Null when missing or anything else.
    /// </summary>
    public static bool? Boolean(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => null,
        };
    }

    /// <summary>
    /// The first of <paramref name="names"/> that holds a usable name (see <see cref="Name"/>); null
    /// with the first problem met when none does.
    /// </summary>
    public static string? FirstName(JsonElement item, IReadOnlyList<string> names, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(names);
        problem = null;
        foreach (var name in names)
        {
            if (Name(item, name, out var found) is { } value)
            {
                problem = null;
                return value;
            }

            problem ??= found;
        }

        return null;
    }

    /// <summary>
    /// A name property (a domain, a ProxyFqdn): null and no problem when missing, null or empty;
    /// a problem when it is not a string, or longer than <see cref="MaxNameLength"/>, or holds control characters.
    /// </summary>
    public static string? Name(JsonElement item, string name, out string? problem)
    {
        problem = null;
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problem = $"{name} is {Describe(value)}, expected a string";
            return null;
        }

        var text = value.GetString()!.Trim();
        if (NameProblem(text) is { } bad)
        {
            problem = $"{name} is {bad}";
            return null;
        }

        return text.Length == 0 ? null : text;
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
    /// scope (<c>Global</c>, <c>Site:…</c>, <c>Service:…</c>), else rebuilt from <c>ScopeClass</c> and the site name.
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
                && (value.Equals(GlobalScope, StringComparison.OrdinalIgnoreCase)
                    || value.StartsWith("site:", StringComparison.OrdinalIgnoreCase)
                    || value.StartsWith("service:", StringComparison.OrdinalIgnoreCase)))
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
            JsonValueKind.Number when scopeClass.TryGetInt32(out var number) => number switch { 0 => GlobalScope, 1 => "Site", _ => null },
            _ => null,
        };
        if (string.Equals(scope, GlobalScope, StringComparison.OrdinalIgnoreCase))
        {
            return GlobalScope;
        }

        var name = _siteNameKeys
            .Select(key => identity.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return string.Equals(scope, "Site", StringComparison.OrdinalIgnoreCase) && name is not null ? $"Site:{name}" : null;
    }

    // The objects of a file: an array's (or PowerShell 5.1's {"value": [...]} wrapper's), or the one object. Null for anything else.
    private static List<JsonElement>? Objects(JsonElement root)
    {
        if (AsArray(root) is { } array)
        {
            var objects = array.EnumerateArray().ToList();
            return objects.TrueForAll(s => s.ValueKind == JsonValueKind.Object) ? objects : null;
        }

        return root.ValueKind == JsonValueKind.Object ? [root] : null;
    }

    // Why a name from the file cannot be used (quoted as an excerpt), or null when it can.
    private static string? NameProblem(string name) =>
        name.Length > MaxNameLength || name.Any(char.IsControl)
            ? string.Create(CultureInfo.InvariantCulture, $"{Excerpt(name)}, not a name (at most {MaxNameLength} characters, no control characters)")
            : null;

    private static LyncExportResult<T> Parse<T>(string path, byte[] bytes, Func<JsonElement, LyncExportResult<T>> read)
        where T : class
    {
        try
        {
            using var document = JsonDocument.Parse(Decode(bytes), _options);
            return read(document.RootElement);
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

    private static string List(List<string> identities) => identities.Count switch
    {
        0 => "no scopes",
        <= MaxListed => string.Join(", ", identities.Select(i => Excerpt(i, quoted: false))),
        _ => string.Join(", ", identities.Take(MaxListed).Select(i => Excerpt(i, quoted: false)))
            + string.Create(CultureInfo.InvariantCulture, $" and {identities.Count - MaxListed} more"),
    };

    // The file's bytes, or why there are none, and its last write time when it exists. The type and
    // size are checked before the file is opened: opening a FIFO blocks until a writer comes, and a
    // device's size says nothing.
    private static async Task<(byte[]? Bytes, string? Problem, DateTimeOffset? ModifiedAt)> ReadBoundedAsync(string path, CancellationToken cancellationToken)
    {
        DateTimeOffset? modifiedAt = null;
        try
        {
            if (Directory.Exists(path))
            {
                return (null, "a directory, not an export file", null);
            }

            var file = new FileInfo(path);
            if (file.LinkTarget is not null)
            {
                file = new FileInfo(file.ResolveLinkTarget(returnFinalTarget: true)!.FullName);
            }

            // .NET shows no file type, but a device, FIFO or socket has size 0, as an empty file has.
            if (!file.Exists)
            {
                return (null, "file not found", null);
            }

            modifiedAt = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
            if (file.Length == 0)
            {
                return (null, "empty, or not a regular file (a device, a FIFO or a socket)", modifiedAt);
            }

            if (file.Length > MaxBytes)
            {
                return (null, TooLarge(file.Length), modifiedAt);
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
                return (null, length == 0 ? "empty, or not a regular file (a device, a FIFO or a socket)" : TooLarge(length), modifiedAt);
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

            return (read == bytes.Length ? bytes : bytes[..read], null, modifiedAt);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, "file not found", null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the file: {e.Message}", modifiedAt);
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

    // System.Text.Json appends "Path: … | LineNumber: … | BytePositionInLine: …" (without Path at the
    // top level), which the message already states; the path holds the file's property names, so it is never quoted.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal) is >= 0 and var path ? path : message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var sentence = cut < 0 ? message : message[..cut];
        return sentence.Length <= 200 ? sentence : sentence[..199] + "…";
    }
}
