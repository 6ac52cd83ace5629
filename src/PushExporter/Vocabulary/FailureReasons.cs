namespace PushExporter.Vocabulary;

/// <summary>
/// The bounded set of <c>reason</c> label values of PRODUCT.md. Nothing else may ever be
/// exported as a reason, so configuration validates reason names against <see cref="All"/>.
/// </summary>
internal static class FailureReasons
{
    public const string ServerTimeout = "server_timeout";
    public const string Rejected = "rejected";
    public const string BadUri = "bad_uri";
    public const string MissingSrv = "missing_srv";
    public const string BlockedPrefix = "blocked_prefix";
    public const string FederationDenied = "federation_denied";
    public const string DnsError = "dns_error";
    public const string ConnectFailed = "connect_failed";
    public const string TlsFailed = "tls_failed";
    public const string Timeout = "timeout";
    public const string UnexpectedResponse = "unexpected_response";
    public const string PushDisabled = "push_disabled";

    /// <summary>Every reason, in the order of PRODUCT.md.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ServerTimeout, Rejected, BadUri, MissingSrv, BlockedPrefix, FederationDenied,
        DnsError, ConnectFailed, TlsFailed, Timeout, UnexpectedResponse, PushDisabled,
    ];
}
