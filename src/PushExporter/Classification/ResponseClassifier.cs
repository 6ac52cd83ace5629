using System.Text.RegularExpressions;
using PushExporter.Vocabulary;

namespace PushExporter.Classification;

/// <summary>
/// Maps a final SIP response to success or one failure reason. The mapping is data — the
/// table below, in PRODUCT.md's order — with a module's <c>reason_overrides</c> (rules too) consulted first.
/// </summary>
internal static partial class ResponseClassifier
{
    /// <summary>The built-in table; the first matching row wins.</summary>
    public static IReadOnlyList<ResponseRule> Table { get; } =
    [
        // The Edge's ms-diagnostics decides first, whatever the status (reason strings: MS-OCER, SipStack).
        new("ms-diagnostics 1008/1009: DNS SRV", null, new CodeRange(1008, 1009), null, FailureReasons.MissingSrv),
        new("ms-diagnostics 1014: DNS A record", null, new CodeRange(1014, 1014), null, FailureReasons.DnsError),
        new("ms-diagnostics 1010: certificate trust with the next hop", null, new CodeRange(1010, 1010), null, FailureReasons.TlsFailed),
        new("ms-diagnostics 1047: TLS negotiation with a federated peer", null, new CodeRange(1047, 1047), null, FailureReasons.TlsFailed),
        new("ms-diagnostics 1002: From URI not authorized to communicate with federated partners", null, new CodeRange(1002, 1002), null, FailureReasons.FederationDenied),
        new("ms-diagnostics 1005: cannot route to destination domain", null, new CodeRange(1005, 1005), null, FailureReasons.FederationDenied),
        new("ms-diagnostics 1027: cannot route this type of SIP request to federated partners", null, new CodeRange(1027, 1027), null, FailureReasons.FederationDenied),
        new("ms-diagnostics 1046: failed to connect to a federated peer", null, new CodeRange(1046, 1046), null, FailureReasons.ServerTimeout),
        new("ms-diagnostics 1034: previous hop federated peer gave no diagnostics", null, new CodeRange(1034, 1034), null, FailureReasons.ServerTimeout),
        new("ms-diagnostics 16000-16999: IM filter", null, new CodeRange(16000, 16999), null, FailureReasons.Rejected),
        new("504 Server time-out", new CodeRange(504, 504), null, null, FailureReasons.ServerTimeout),
        new("403 domain not configured or not federated", new CodeRange(403, 403), null, NotFederated(), FailureReasons.FederationDenied),
        new("403 Forbidden", new CodeRange(403, 403), null, null, FailureReasons.Rejected),
        new("488 Not Acceptable Here", new CodeRange(488, 488), null, null, FailureReasons.Rejected),
        new("606 Not Acceptable", new CodeRange(606, 606), null, null, FailureReasons.Rejected),
        new("reason phrase says rejected", null, null, RejectedPhrase(), FailureReasons.Rejected),
    ];

    /// <summary>
    /// Null reason means success (2xx). Returns the rule that decided, for the diagnosis.
    /// </summary>
    public static (string? Reason, string Rule) Classify(int status, int? msDiagnostics, string reasonPhrase, IReadOnlyList<ResponseRule> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var rule in overrides)
        {
            if (rule.Matches(status, msDiagnostics, reasonPhrase))
            {
                return (rule.Reason, rule.Name);
            }
        }

        if (status is >= 200 and < 300)
        {
            return (null, "2xx: the route works");
        }

        foreach (var rule in Table)
        {
            if (rule.Matches(status, msDiagnostics, reasonPhrase))
            {
                return (rule.Reason, rule.Name);
            }
        }

        return (FailureReasons.UnexpectedResponse, "no rule matched");
    }

    [GeneratedRegex(@"not\s+(configured|federated|allowed)|federat|domain", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotFederated();

    [GeneratedRegex(@"\brejected\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RejectedPhrase();
}
