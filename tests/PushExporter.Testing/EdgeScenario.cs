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

    /// <summary>403 "Push Notification request was rejected" (an IM filter blocks the URL prefix).</summary>
    Forbidden403Rejected,

    /// <summary>A plain 403 Forbidden.</summary>
    Forbidden403,

    /// <summary>486 Busy Here.</summary>
    Busy486,

    /// <summary>The request is dropped: no response at all.</summary>
    Silence,
}
