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

    /// <summary>Anything else: another response code, a socket error, a CNAME chain too long, a name that is not a DNS name.</summary>
    Error,

    /// <summary>
    /// The answer to the question could not be read: it ends inside a record, a compression
    /// pointer loops or leads past the end, a label is longer than 63 bytes (RFC 1035 §4.1).
    /// </summary>
    MalformedAnswer,

    /// <summary>The name resolves to an address no probe connects to: unspecified (0.0.0.0, ::), broadcast or multicast.</summary>
    UnusableAddress,
}
