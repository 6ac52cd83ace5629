using PushExporter.Configuration;
using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>
/// For each failure reason: what it means for push notifications, and the administrator's
/// fix — the commands of Microsoft's "Test push notifications to smart phones" page and of
/// the push notification setup, with the target's own names filled in. A step that knows
/// more than the reason (the scope holding a bad value, the ms-diagnostics code) gives its own
/// fix with the failure; these are the fixes by reason alone.
/// </summary>
internal static class FailureAdvice
{
    public const string PushProxyUri = "sip:push@push.lync.com";

    public static string Meaning(string reason) => reason switch
    {
        FailureReasons.ServerTimeout => "The Edge answered 504 (Server time-out): it could not reach the push notification clearing house.",
        FailureReasons.Rejected => "The push notification request was rejected — usually an IM filter that blocks the http: and https: prefixes.",
        FailureReasons.BadUri => "PushNotificationProxyUri is not sip:push@push.lync.com, so push notifications take the wrong route.",
        FailureReasons.MissingSrv => "The federation DNS SRV record is missing or does not point at this Edge, so the clearing house cannot be reached.",
        FailureReasons.BlockedPrefix => "An enabled IM filter blocks the http: or https: prefix; push notifications carry URLs and will be rejected.",
        FailureReasons.FederationDenied => "The Edge is not allowed to route to push.lync.com: it is missing from the allowed domains or hosting providers, or federation is off.",
        FailureReasons.DnsError => "A name on the route does not resolve to an address.",
        FailureReasons.ConnectFailed => "The Edge refused the connection or cannot be reached: the Edge itself is down or unreachable.",
        FailureReasons.TlsFailed => "The TLS handshake failed: the certificate is not trusted, does not carry the Edge's name, or has expired.",
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
        var scope = target.Site is { } site ? $"site:{site}" : "Global";
        return reason switch
        {
            FailureReasons.ServerTimeout =>
                $"Check the Edge's external DNS and its route to push.lync.com, and the SRV record _sipfederationtls._tcp.{domain} → {target.ExternalEdgeFqdn}; then run Test-CsMcxPushNotification -AccessEdgeFqdn \"{edge}\".",
            FailureReasons.Rejected or FailureReasons.BlockedPrefix =>
                $"Remove the blocked prefixes: Set-CsImFilterConfiguration -Identity {scope} -Prefixes @{{remove=\"http:\"}}; Set-CsImFilterConfiguration -Identity {scope} -Prefixes @{{remove=\"https:\"}} (check with (Get-CsImFilterConfiguration -Identity {scope}).Prefixes).",
            FailureReasons.BadUri =>
                $"Get-CsMcxConfiguration | Set-CsMcxConfiguration -PushNotificationProxyUri \"{PushProxyUri}\"",
            FailureReasons.MissingSrv =>
                $"Publish the SRV record _sipfederationtls._tcp.{domain} → {target.ExternalEdgeFqdn}:5061 and check the Edge's own DNS (Resolve-DnsName -Type SRV _sipfederationtls._tcp.{domain}).",
            FailureReasons.FederationDenied =>
                "Allow the clearing house: New-CsAllowedDomain -Identity \"push.lync.com\"; New-CsHostingProvider -Identity \"LyncOnline\" -Enabled $True -ProxyFqdn \"sipfed.online.lync.com\" -VerificationLevel UseSourceVerification; Set-CsAccessEdgeConfiguration -AllowFederatedUsers $True.",
            FailureReasons.DnsError =>
                $"Make {edge} (and, from the Edge, push.lync.com and sipfed.online.lync.com) resolve in DNS: Resolve-DnsName {edge}.",
            FailureReasons.ConnectFailed =>
                $"Check the Edge first: is the Access Edge service running and listening on {target.Port}/{target.Transport.ToString().ToUpperInvariant()}, and does the firewall let the probe through? Test-CsAVEdgeConnectivity verifies the Edge.",
            FailureReasons.TlsFailed =>
                $"Check the Edge certificate: issued by a CA the probe trusts, names {target.Tls?.ServerName ?? edge}, not expired.",
            FailureReasons.Timeout =>
                $"Check that the Edge is up (Test-CsAVEdgeConnectivity) and reachable on {target.Port}, then its route to push.lync.com: Test-CsMcxPushNotification -AccessEdgeFqdn \"{edge}\".",
            FailureReasons.UnexpectedResponse =>
                $"Compare with Test-CsMcxPushNotification -AccessEdgeFqdn \"{edge}\" and read the SIP exchange in the trace.",
            FailureReasons.PushDisabled =>
                "Find the scope that switches push off (Get-CsPushNotificationConfiguration), then on it: Set-CsPushNotificationConfiguration -Identity <scope> -EnableApplePushNotificationService $True (and -EnableMicrosoftPushNotificationService $True for Windows Phone).",
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a failure reason"),
        };
    }
}
