namespace PushExporter.Testing;

/// <summary>
/// How the Kamailio stand-in for an Access Edge answers a request to
/// <c>sip:push@push.lync.com</c>. Each scenario has its own listening ports, because every
/// scenario receives the same request.
/// </summary>
public enum EdgeScenario
{
    /// <summary>200 OK from the Edge itself.</summary>
    Ok,

    /// <summary>Relayed to a SIPp clearing house, which answers 200 OK.</summary>
    Forward,

    /// <summary>100 Trying, then 200 OK about 100 ms later.</summary>
    TryingThenOk,

    /// <summary>504 Server time-out with <c>ms-diagnostics: 1008</c> (Unable to resolve DNS SRV record).</summary>
    Timeout504Diag1008,

    /// <summary>504 Server time-out with <c>ms-diagnostics-public: 1046</c> (across federation).</summary>
    Timeout504DiagPublic1046,

    /// <summary>403 Forbidden with <c>ms-diagnostics: 1027</c> (not allowed to route to the federated partner).</summary>
    Forbidden403Diag1027,

    /// <summary>403 Forbidden with <c>ms-diagnostics: 1002</c> (From URI not authorized to communicate with federated partners).</summary>
    Forbidden403Diag1002,

    /// <summary>504 Server time-out with <c>ms-diagnostics: 1005</c> (Cannot route to destination domain).</summary>
    Timeout504Diag1005,

    /// <summary>504 Server time-out with <c>ms-diagnostics: 1009</c> (Conflicting SRV and host domains in DNS).</summary>
    Timeout504Diag1009,

    /// <summary>504 Server time-out with <c>ms-diagnostics: 1010</c> (Certificate trust with next-hop server could not be established).</summary>
    Timeout504Diag1010,

    /// <summary>504 Server time-out with <c>ms-diagnostics: 1014</c> (Unable to resolve DNS A record).</summary>
    Timeout504Diag1014,

    /// <summary>504 Server time-out with <c>ms-diagnostics-public: 1034</c> (Previous hop federated peer did not report diagnostic information).</summary>
    Timeout504DiagPublic1034,

    /// <summary>504 Server time-out with <c>ms-diagnostics-public: 1047</c> (Failed to complete TLS negotiation with a federated peer server).</summary>
    Timeout504DiagPublic1047,

    /// <summary>403 Forbidden with <c>ms-diagnostics: 16000</c>, a code of the Intelligent IM Filter's range (16000-16999).</summary>
    Forbidden403Diag16000,

    /// <summary>403 "Push Notification request was rejected" (an IM filter blocks the URL prefix).</summary>
    Forbidden403Rejected,

    /// <summary>A plain 403 Forbidden.</summary>
    Forbidden403,

    /// <summary>486 Busy Here.</summary>
    Busy486,

    /// <summary>The request is dropped: no response at all.</summary>
    Silence,
}
