using PushExporter.Configuration;
using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>
/// For each failure reason: what it means for push notifications, and the administrator's
/// fix — the commands of Microsoft's "Test push notifications to smart phones" page and of
/// the push notification setup, with the target's own names filled in. A step that knows
/// more than the reason (the scope holding a bad value, the ms-diagnostics code, the hop) gives
/// its own fix with the failure; these are the fixes by reason alone, the fallback. They are
/// safe without that knowledge: they never name a scope the export was not seen to hold, they
/// look before they create, and where one reason covers several hops they name each.
/// </summary>
internal static class FailureAdvice
{
    /// <summary>
    /// The fix for a refusal of push.lync.com as a federated domain, whatever told us: look at
    /// what exists before creating anything (Microsoft: never a second hosting provider for the
    /// same ProxyFqdn; <c>Set-CsHostingProvider</c> has no <c>-ProxyFqdn</c>).
    /// </summary>
    public const string FederationFix =
        "Look before creating: (1) Get-CsAllowedDomain -Identity \"" + ClearingHouse.Domain + "\" — only if there is none, New-CsAllowedDomain -Identity \"" + ClearingHouse.Domain + "\" (without -ProxyFqdn: the hosting provider carries "
        + ClearingHouse.HostingProviderFqdn
        + ", and both carrying it stops the Access Edge from starting); (2) Get-CsHostingProvider | Where-Object ProxyFqdn -eq \""
        + ClearingHouse.HostingProviderFqdn
        + "\" — if one exists but is disabled, Set-CsHostingProvider -Identity <its Identity> -Enabled $True; only if none exists, New-CsHostingProvider -Identity \"LyncOnline\" -Enabled $True -ProxyFqdn \""
        + ClearingHouse.HostingProviderFqdn
        + "\" -VerificationLevel UseSourceVerification (never a second provider for the same ProxyFqdn: hybrid sites already have one, and Set-CsHostingProvider cannot change ProxyFqdn); (3) (Get-CsAccessEdgeConfiguration).AllowFederatedUsers must be True.";

    /// <summary>The fix for an IM filter that blocks URLs, when the scope that blocks is not known: find it first.</summary>
    public const string ImFilterFix =
        "Find the scope whose IM filter blocks URLs: Get-CsImFilterConfiguration | Select-Object Identity, Enabled, Action, Prefixes. Remove http: and https: from the scope that lists them: Set-CsImFilterConfiguration -Identity <that scope> -Prefixes @{remove=\"http:\"}; Set-CsImFilterConfiguration -Identity <that scope> -Prefixes @{remove=\"https:\"}.";

    public static string Meaning(string reason) => reason switch
    {
        FailureReasons.ServerTimeout => "The Edge answered 504 (Server time-out): it could not reach the push notification clearing house.",
        FailureReasons.Rejected => "The push notification request was rejected — usually an IM filter that blocks the http: and https: prefixes.",
        FailureReasons.BadUri => "PushNotificationProxyUri is not sip:push@push.lync.com, so push notifications take the wrong route.",
        FailureReasons.MissingSrv => "The federation DNS SRV record is missing or does not point at this Edge, so the clearing house cannot be reached.",
        FailureReasons.BlockedPrefix => "An enabled IM filter blocks the http: or https: prefix; push notifications carry URLs and will be rejected.",
        FailureReasons.FederationDenied => $"The Edge is not allowed to route to {ClearingHouse.Domain}: it is not an allowed domain, no enabled hosting provider has ProxyFqdn {ClearingHouse.HostingProviderFqdn}, or federation is off on the Access Edge.",
        FailureReasons.DnsError => "A name on the route does not resolve to an address.",
        FailureReasons.ConnectFailed => "The Edge refused the connection or cannot be reached: the Edge itself is down or unreachable.",
        FailureReasons.TlsFailed => "The probe's TLS handshake with the Edge failed: the certificate the Edge presents is not trusted, does not carry the Edge's name, or has expired.",
        FailureReasons.Timeout => "No answer in time: the Edge or the route behind it is silent.",
        FailureReasons.UnexpectedResponse => "The Edge answered in a way no known cause explains.",
        FailureReasons.PushDisabled => "Push notifications are switched off in the push notification configuration, so the server sends none (both services are off by default).",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a failure reason"),
    };

    public static string Fix(string reason, TargetConfig target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var edge = target.AccessEdgeFqdn;
        var domain = target.SipDomain ?? "<sip domain>";
        var port = $"{target.Port}/{target.Transport.ToString().ToUpperInvariant()}";
        return reason switch
        {
            FailureReasons.ServerTimeout =>
                $"Check the Edge's external DNS and its route to push.lync.com, and the SRV record _sipfederationtls._tcp.{domain} → {target.ExternalEdgeFqdn}; then run Test-CsMcxPushNotification -AccessEdgeFqdn \"{edge}\".",
            FailureReasons.Rejected or FailureReasons.BlockedPrefix => ImFilterFix,
            FailureReasons.BadUri =>
                $"Get-CsMcxConfiguration | Set-CsMcxConfiguration -PushNotificationProxyUri \"{ClearingHouse.PushProxyUri}\"",
            FailureReasons.MissingSrv =>
                $"Publish the SRV record _sipfederationtls._tcp.{domain} → {target.ExternalEdgeFqdn}:5061 and check the Edge's own DNS (Resolve-DnsName -Type SRV _sipfederationtls._tcp.{domain}).",
            FailureReasons.FederationDenied => FederationFix,
            FailureReasons.DnsError =>
                $"Make {edge} (and, from the Edge, push.lync.com and sipfed.online.lync.com) resolve in DNS: Resolve-DnsName {edge}.",
            FailureReasons.ConnectFailed =>
                $"Check the Edge first: is the Access Edge service running (Get-CsWindowsService on the Edge) and listening on {port}, and does the firewall let the probe through (Test-NetConnection {edge} -Port {target.Port})? Test-CsAVEdgeConnectivity tests the A/V Edge only, not SIP on the Access Edge.",
            FailureReasons.TlsFailed =>
                $"Two hops can fail TLS, and this fix is for the probe's own one. (1) The probe → Edge (check edge_tls): the certificate the Edge presents on {port} must be issued by a CA the probe trusts (tls.ca_file, or the system's roots), name {target.Tls?.ServerName ?? edge}, and not be expired — on the Edge, Get-CsCertificate | Select-Object Use, Subject, NotAfter, Thumbprint (Use Internal for the internal interface), after renewing Set-CsCertificate -Type <Use> -Thumbprint <thumbprint>; an Edge that wants a client certificate needs tls.client_certificate_file. (2) The Edge → clearing house (ms-diagnostics 1010/1047 in the Edge's answer, check push_route) is not the Edge's own certificate: the Edge must trust DigiCert Global Root G2 and offer TLS 1.2 on outgoing connections.",
            FailureReasons.Timeout =>
                $"Check that the Edge is up (Get-CsWindowsService on the Edge; Test-CsAVEdgeConnectivity tests the A/V Edge only) and reachable on {target.Port}, then its route to push.lync.com: Test-CsMcxPushNotification -AccessEdgeFqdn \"{edge}\".",
            FailureReasons.UnexpectedResponse =>
                $"Compare with Test-CsMcxPushNotification -AccessEdgeFqdn \"{edge}\" and read the SIP exchange in the trace.",
            FailureReasons.PushDisabled =>
                "Find the scope that switches push off (Get-CsPushNotificationConfiguration), then on it: Set-CsPushNotificationConfiguration -Identity <scope> -EnableApplePushNotificationService $True (and -EnableMicrosoftPushNotificationService $True for Windows Phone).",
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a failure reason"),
        };
    }
}
