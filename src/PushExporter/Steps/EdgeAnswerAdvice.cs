using PushExporter.Classification;
using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>
/// What a failing answer of the Edge means and the administrator's fix, chosen by reason
/// <em>and</em> ms-diagnostics code (PRODUCT.md, step 5 <c>sip</c>). The choice is data: the
/// first row whose reason and code match wins, so a module override that turns a code into
/// another reason gets that reason's text, never the code's. An answer of the Edge is always a
/// failure of check <c>push_route</c>, whatever hop it describes: the texts say which hop.
/// Where the facts behind a text are inferred, it says "likely" and names the alternative.
/// </summary>
internal static class EdgeAnswerAdvice
{
    private const string Provider = "sipfed.online.lync.com";

    // Per reason: the rows of its codes, then one for any other code or none (a module override).
    private static readonly Row[] _rows =
    [
        new(FailureReasons.MissingSrv, new CodeRange(1008, 1009), MissingSrvMeaning, MissingSrvFix),
        new(FailureReasons.MissingSrv, null, MissingSrvMeaning, MissingSrvFix),
        new(FailureReasons.DnsError, new CodeRange(1014, 1014), DnsErrorMeaning, DnsErrorFix),
        new(FailureReasons.DnsError, null, DnsErrorMeaning, DnsErrorFix),
        new(FailureReasons.TlsFailed, new CodeRange(1010, 1010), TlsFailedMeaning, TlsFailedFix),
        new(FailureReasons.TlsFailed, new CodeRange(1047, 1047), TlsFailedMeaning, TlsFailedFix),
        new(FailureReasons.TlsFailed, null, TlsFailedMeaning, TlsFailedFix),
        new(FailureReasons.FederationDenied, new CodeRange(1002, 1002), SenderMeaning, SenderFix),
        new(FailureReasons.FederationDenied, new CodeRange(1027, 1027), RequestTypeMeaning, RequestTypeFix),
        new(FailureReasons.FederationDenied, new CodeRange(1005, 1005), FederationMeaning, _ => FailureAdvice.FederationFix),
        new(FailureReasons.FederationDenied, null, FederationMeaning, _ => FailureAdvice.FederationFix),
        new(FailureReasons.ServerTimeout, new CodeRange(1034, 1034), a => $"The hop behind the Edge failed without saying why ({Diagnostics(a)}: the previous hop federated peer did not report diagnostic information): the Edge → clearing house hop.", OutboundFix),
        new(FailureReasons.ServerTimeout, new CodeRange(1046, 1046), a => $"The Edge could not connect to the federated peer on the route to push.lync.com ({Diagnostics(a)}): the Edge → clearing house hop ({Provider}:5061).", OutboundFix),
        new(FailureReasons.ServerTimeout, null, a => $"The Edge answered {a.Status} ({Diagnostics(a)}): it could not reach the push notification clearing house.", ServerTimeoutFix),
        new(FailureReasons.Rejected, new CodeRange(16000, 16999), a => $"The Intelligent IM Filter refused the request ({Diagnostics(a)}; 16000-16999 is the IM filter's range).", _ => FailureAdvice.ImFilterFix),
        new(FailureReasons.Rejected, null, a => $"The Edge or a hop behind it rejected the request ({a.Status}, {Diagnostics(a)}). Microsoft's page ties \"Push Notification request was rejected\" to an IM filter that blocks the http: and https: prefixes.", a => $"{FailureAdvice.ImFilterFix} If no scope lists them, read the SIP exchange on /probe?target={a.Context.Target.Name}&debug=true: the refusal came from the Edge or from behind it."),
    ];

    /// <summary>
    /// The meaning and fix for an answer of the Edge classified as <paramref name="reason"/>, or
    /// null when the reason alone says enough (<see cref="FailureAdvice"/>).
    /// </summary>
    public static (string Meaning, string Fix)? For(ProbeContext context, string reason, int status, int? msDiagnostics)
    {
        ArgumentNullException.ThrowIfNull(context);
        var answer = new Answer(context, status, msDiagnostics);
        foreach (var row in _rows)
        {
            if (row.Reason == reason && (row.MsDiagnostics is null || (msDiagnostics is { } code && row.MsDiagnostics.Value.Contains(code))))
            {
                return (row.Meaning(answer), row.Fix(answer));
            }
        }

        return null;
    }

    private static string Diagnostics(Answer answer) => answer.Code is { } code ? $"ms-diagnostics {code}" : "no ms-diagnostics";

    private static string Retest(Answer answer) => $"Then Test-CsMcxPushNotification -AccessEdgeFqdn \"{answer.Context.Target.AccessEdgeFqdn}\".";

    private static string MissingSrvMeaning(Answer a)
    {
        var target = a.Context.Target;
        var what = a.Code == 1009 ? "found conflicting SRV and host domains in DNS" : "could not resolve a DNS SRV record";
        var checkedHere = a.Context.Checks[CheckLabels.DnsSrv] switch
        {
            CheckStatus.Passed => " (this probe's dns_srv check found it through its own resolvers)",
            _ when target.SipDomain is null => " (not checked by this probe: the target has no sip_domain)",
            _ => string.Empty,
        };
        return $"The Edge {what} while routing to push.lync.com ({Diagnostics(a)}). Microsoft's advice for this is your own federation SRV record, _sipfederationtls._tcp.{target.SipDomain ?? "<sip domain>"} → {target.ExternalEdgeFqdn}:5061{checkedHere}; likely also (inferred, not confirmed) the Edge's external DNS, which must resolve the next hop towards the clearing house.";
    }

    private static string MissingSrvFix(Answer a)
    {
        var target = a.Context.Target;
        var domain = target.SipDomain ?? "<sip domain>";
        return $"Check both: (1) your SRV record — Resolve-DnsName -Type SRV _sipfederationtls._tcp.{domain} must answer {target.ExternalEdgeFqdn} port 5061; publish it where it is missing; (2) likely the Edge's external DNS — on {target.AccessEdgeFqdn}, with the DNS servers of its external interface, Resolve-DnsName -Type SRV _sipfederationtls._tcp.push.lync.com and Resolve-DnsName {Provider} must answer. {Retest(a)}";
    }

    private static string DnsErrorMeaning(Answer a) =>
        $"The Edge could not resolve a DNS A record on the route to push.lync.com ({Diagnostics(a)}): the Edge → clearing house hop, not this probe's lookup of the Edge.";

    private static string DnsErrorFix(Answer a) =>
        $"On {a.Context.Target.AccessEdgeFqdn}, with the DNS servers of its external interface: Resolve-DnsName {Provider} (and push.lync.com) must return an address; fix the Edge's external DNS servers or forwarders. {Retest(a)}";

    private static string TlsFailedMeaning(Answer a)
    {
        var what = a.Code switch
        {
            1010 => "could not establish certificate trust with the next hop",
            1047 => "could not complete TLS negotiation with the federated peer",
            _ => "reports a TLS failure",
        };
        return $"The Edge {what} on the route to push.lync.com ({Diagnostics(a)}): this is the Edge → clearing house hop ({Provider}:5061), not this probe's own connection to the Edge, which worked.";
    }

    private static string TlsFailedFix(Answer a) =>
        $"On the Edge {a.Context.Target.AccessEdgeFqdn} — its TLS towards the clearing house, not its own certificate: it must trust the clearing house's root, DigiCert Global Root G2 (Microsoft moved to it from Baltimore CyberTrust Root in 2022), in the Local Computer's Trusted Root Certification Authorities: Get-ChildItem Cert:\\LocalMachine\\Root | Where-Object Subject -like \"*DigiCert Global Root G2*\"; and it must offer TLS 1.2 on outgoing connections (Schannel TLS 1.2 client enabled, .NET SchUseStrongCrypto). {Retest(a)}";

    private static string SenderMeaning(Answer a) =>
        $"The Edge says the sender may not communicate with federated partners ({Diagnostics(a)}): the From of the probe's request, {a.Context.Target.FromUri}. Likely the probe's sender rather than the route: its domain is not a SIP domain of this deployment, or its user's external access policy does not allow federation; the alternative is federation switched off on the Access Edge for everyone.";

    private static string SenderFix(Answer a)
    {
        var from = a.Context.Target.FromUri;
        return $"Likely the sender, not the route: from_uri is {from}. Its domain {from.Host} must be a SIP domain of this deployment (Get-CsSipDomain); if it names a user, that user's external access policy must allow federation: Get-CsUser -Identity \"{from}\" | Select-Object ExternalAccessPolicy, then Get-CsExternalAccessPolicy -Identity <that policy> | Select-Object Identity, EnableFederationAccess (Set-CsExternalAccessPolicy -Identity <that policy> -EnableFederationAccess $True). Otherwise federation itself: (Get-CsAccessEdgeConfiguration).AllowFederatedUsers must be True (Set-CsAccessEdgeConfiguration -AllowFederatedUsers $True).";
    }

    private static bool SendsMessage(Answer a) => string.Equals(a.Context.Module.Method, "MESSAGE", StringComparison.OrdinalIgnoreCase);

    private static string RequestTypeMeaning(Answer a) =>
        SendsMessage(a)
            ? $"The Edge will not route this type of SIP request to federated partners ({Diagnostics(a)}). The probe already sends MESSAGE (module {a.Context.ModuleName}), so likely the route rather than the method: federation to push.lync.com is closed; the alternative is that the Edge refuses something else in this request (a header or the body)."
            : $"The Edge will not route this type of SIP request to federated partners ({Diagnostics(a)}). Likely the probe's method, {a.Context.Module.Method} (module {a.Context.ModuleName}), is not routable to the clearing house rather than the route being closed; the alternative is that federation to push.lync.com is closed for every request.";

    private static string RequestTypeFix(Answer a) =>
        SendsMessage(a)
            ? FailureAdvice.FederationFix
            : $"Likely the request type: probe with the push_message module (MESSAGE with a text body) — /probe?target={a.Context.Target.Name}&module=push_message, or module: push_message on the target. If MESSAGE is refused as well, the route is closed: {FailureAdvice.FederationFix}";

    private static string FederationMeaning(Answer a) =>
        a.Code == 1005
            ? $"The Edge cannot route to the destination domain push.lync.com ({Diagnostics(a)}): on the Edge → clearing house hop, push.lync.com is not an allowed domain, or the hosting provider for {Provider} is missing or disabled."
            : $"The Edge refused to route to push.lync.com as a federated domain ({a.Status}, {Diagnostics(a)}): push.lync.com is not an allowed domain, the hosting provider for {Provider} is missing or disabled, or federation is off.";

    private static string OutboundFix(Answer a) =>
        $"On the Edge {a.Context.Target.AccessEdgeFqdn}: its outbound TCP 5061 to the clearing house must be open and its external DNS must resolve it — from the Edge, Test-NetConnection {Provider} -Port 5061 and Resolve-DnsName {Provider} (with the DNS servers of its external interface); check the firewall between the Edge's external interface and the internet. {Retest(a)}";

    private static string ServerTimeoutFix(Answer a)
    {
        var target = a.Context.Target;
        var domain = target.SipDomain ?? "<sip domain>";
        return $"Microsoft's advice for a 504 is DNS first: your SRV record _sipfederationtls._tcp.{domain} → {target.ExternalEdgeFqdn}:5061 (Resolve-DnsName -Type SRV _sipfederationtls._tcp.{domain}). The same 504 is what push.lync.com missing from the allowed domains looks like: Get-CsAllowedDomain -Identity \"push.lync.com\" (New-CsAllowedDomain -Identity \"push.lync.com\" only if there is none). Then the Edge's own route: its outbound TCP 5061 to {Provider} and its external DNS. {Retest(a)}";
    }

    private sealed record Answer(ProbeContext Context, int Status, int? Code);

    private sealed record Row(string Reason, CodeRange? MsDiagnostics, Func<Answer, string> Meaning, Func<Answer, string> Fix);
}
