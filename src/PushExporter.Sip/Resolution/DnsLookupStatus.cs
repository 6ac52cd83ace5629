namespace PushExporter.Sip.Resolution;

/// <summary>How a DNS lookup ended; each failure points the administrator at a different fix.</summary>
public enum DnsLookupStatus
{
    /// <summary>The name exists and has at least one record of the asked type.</summary>
    Success,

    /// <summary>The name does not exist (RCODE 3, NXDOMAIN).</summary>
    NxDomain,

    /// <summary>The name exists but has no record of the asked type (NOERROR with an empty answer).</summary>
    NoRecords,

    /// <summary>The name server could not answer (RCODE 2, SERVFAIL).</summary>
    ServerFailure,

    /// <summary>No answer within the timeout, after every retry.</summary>
    Timeout,

    /// <summary>The name server declined to answer (RCODE 5, REFUSED).</summary>
    Refused,

    /// <summary>Anything else: another response code, a malformed answer, a socket error.</summary>
    Error,
}
