using PushExporter.Vocabulary;

namespace PushExporter.Tests.EndToEnd;

/// <summary>The scenario target names, known before the world starts (theory data is built first).</summary>
internal static class ScenarioTargets
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "ok_tls", "ok_exports", "forward_udp", "trying_then_ok", "server_timeout", "missing_srv_diagnostics",
        "missing_srv_dns", "missing_srv_wrong_edge", "federation_denied", "federation_denied_1002", "federation_denied_1005",
        "missing_srv_1009", "tls_failed_1010", "tls_failed_1047", "dns_error_1014", "server_timeout_1034", "rejected_16000",
        "rejected", "forbidden", "busy",
        "silence", "tls_untrusted", "refused", "dns_error", "bad_uri_site", "bad_uri_global",
        "blocked_prefix_global", "blocked_prefix_site",
        .. ConfigAuditScenario.Names,
        "external_tls_ok", "external_tls_expired", "external_tls_untrusted", "external_tls_system_roots", "external_tls_wrong_name", "external_tls_no_tls12",
        "external_tls_refused", "external_tls_nxdomain",
    ];

    /// <summary>Success and every reason of PRODUCT.md are produced by at least one scenario.</summary>
    public static IEnumerable<string?> Outcomes => FailureReasons.All.Cast<string?>().Append(null);
}
