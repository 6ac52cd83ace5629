using PushExporter.Vocabulary;

namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// Every ms-diagnostics code of PRODUCT.md's step 5 as the Kamailio Edge stand-in answers it in
/// <see cref="EdgeScenarioWorld"/>: the reason, and a piece of the meaning and of the fix that
/// only that code's row gives. The failing check is always push_route.
/// </summary>
internal static class EdgeAnswers
{
    public static IReadOnlyList<Expected> All { get; } =
    [
        new("federation_denied_1002", 1002, FailureReasons.FederationDenied, "Likely the probe's sender rather than the route", "from_uri is sip:pushexporter@edge.test"),
        new("federation_denied_1005", 1005, FailureReasons.FederationDenied, "push.lync.com is not an allowed domain, or the hosting provider for sipfed.online.lync.com is missing or disabled", "if one exists but is disabled, Set-CsHostingProvider -Identity <its Identity> -Enabled $True; only if none exists, New-CsHostingProvider"),
        new("federation_denied", 1027, FailureReasons.FederationDenied, "Likely the probe's method, OPTIONS (module push_route)", "probe with the push_message module"),
        new("missing_srv_diagnostics", 1008, FailureReasons.MissingSrv, "_sipfederationtls._tcp.<sip domain> → edge.test:5061 (not checked by this probe: the target has no sip_domain); likely also (inferred, not confirmed) the Edge's external DNS", "Resolve-DnsName -Type SRV _sipfederationtls._tcp.push.lync.com"),
        new("missing_srv_1009", 1009, FailureReasons.MissingSrv, "_sipfederationtls._tcp.contoso.test → edge.test:5061 (this probe's dns_srv check found it through its own resolvers); likely also", "Resolve-DnsName -Type SRV _sipfederationtls._tcp.contoso.test must answer edge.test port 5061"),
        new("tls_failed_1010", 1010, FailureReasons.TlsFailed, "could not establish certificate trust with the next hop", "DigiCert Global Root G2"),
        new("tls_failed_1047", 1047, FailureReasons.TlsFailed, "the Edge → clearing house hop (sipfed.online.lync.com:5061), not this probe's own connection to the Edge", "it must offer TLS 1.2 on outgoing connections"),
        new("dns_error_1014", 1014, FailureReasons.DnsError, "not this probe's lookup of the Edge", "Resolve-DnsName sipfed.online.lync.com (and push.lync.com) must return an address"),
        new("server_timeout", 1046, FailureReasons.ServerTimeout, "could not connect to the federated peer", "Test-NetConnection sipfed.online.lync.com -Port 5061"),
        new("server_timeout_1034", 1034, FailureReasons.ServerTimeout, "did not report diagnostic information", "Test-NetConnection sipfed.online.lync.com -Port 5061"),
        new("rejected_16000", 16000, FailureReasons.Rejected, "The Intelligent IM Filter refused the request", "Get-CsImFilterConfiguration | Select-Object Identity, Enabled, Action, Prefixes"),
    ];

    public static TheoryData<string> Targets => [.. All.Select(e => e.Target)];

    public static Expected For(string target) => All.Single(e => e.Target == target);

    public sealed record Expected(string Target, int Code, string Reason, string Meaning, string Fix);
}
