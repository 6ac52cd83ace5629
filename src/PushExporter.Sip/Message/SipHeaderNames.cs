namespace PushExporter.Sip.Message;

/// <summary>Canonical header names, the compact forms and which headers hold comma-separated lists.</summary>
internal static class SipHeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string Contact = "Contact";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string MaxForwards = "Max-Forwards";
    public const string UserAgent = "User-Agent";
    public const string MsDiagnostics = "ms-diagnostics";
    public const string MsDiagnosticsPublic = "ms-diagnostics-public";

    private static readonly string[] _known =
    [
        Via, From, To, CallId, CSeq, Contact, ContentLength, ContentType, MaxForwards, UserAgent,
        MsDiagnostics, MsDiagnosticsPublic,
        "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow", "Allow-Events",
        "Authentication-Info", "Authorization", "Call-Info", "Content-Disposition", "Content-Encoding",
        "Content-Language", "Date", "Error-Info", "Event", "Expires", "Identity", "In-Reply-To", "Min-Expires",
        "MIME-Version", "Organization", "Path", "Priority", "Proxy-Authenticate", "Proxy-Authorization",
        "Proxy-Require", "Record-Route", "Refer-To", "Referred-By", "Reject-Contact", "Reply-To",
        "Request-Disposition", "Require", "Retry-After", "Route", "Server", "Service-Route", "Session-Expires",
        "Subject", "Supported", "Timestamp", "Unsupported", "Warning", "WWW-Authenticate",
    ];

    // RFC 3261 §7.3.3 (i m e l c f s k t v), RFC 6665 (o u), RFC 3515 (r), RFC 3892 (b),
    // RFC 4028 (x), RFC 3841 (a j d), RFC 8224 (y).
    private static readonly (string Compact, string Long)[] _compact =
    [
        ("i", CallId), ("m", Contact), ("e", "Content-Encoding"), ("l", ContentLength), ("c", ContentType),
        ("f", From), ("s", "Subject"), ("k", "Supported"), ("t", To), ("v", Via), ("o", "Event"),
        ("u", "Allow-Events"), ("r", "Refer-To"), ("b", "Referred-By"), ("x", "Session-Expires"),
        ("a", "Accept-Contact"), ("j", "Reject-Contact"), ("d", "Request-Disposition"), ("y", "Identity"),
    ];

    // RFC 3261 §7.3.1: only headers whose grammar is a comma-separated list may be split or combined;
    // WWW-Authenticate and friends carry commas inside one value and must never be split.
    private static readonly HashSet<string> _lists = new(StringComparer.OrdinalIgnoreCase)
    {
        Via, Contact, "Route", "Record-Route", "Path", "Service-Route", "Supported", "Require", "Proxy-Require",
        "Unsupported", "Allow", "Allow-Events", "Accept", "Accept-Encoding", "Accept-Language", "Content-Encoding",
        "Content-Language", "Warning", "Error-Info", "Alert-Info", "Call-Info", "In-Reply-To", "Accept-Contact",
        "Reject-Contact", "Request-Disposition",
    };

    private static readonly Dictionary<string, string> _canonical = Build();

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup =
        _canonical.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The canonical long form of a known name or compact form; otherwise the name itself.</summary>
    public static string Canonicalize(string name) =>
        _canonical.TryGetValue(name, out var canonical) ? canonical : name;

    /// <summary>The canonical form of a known name without allocating; <see langword="null"/> if unknown.</summary>
    public static string? TryGetCanonical(ReadOnlySpan<char> name) =>
        _lookup.TryGetValue(name, out var canonical) ? canonical : null;

    public static bool IsList(string canonicalName) => _lists.Contains(canonicalName);

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in _known)
        {
            map[name] = name;
        }

        foreach (var (compact, longForm) in _compact)
        {
            map[compact] = longForm;
        }

        return map;
    }
}
