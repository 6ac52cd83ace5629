namespace PushExporter.Sip.Transport;

/// <summary>Why a transport operation failed, in terms a probe can classify.</summary>
public enum SipTransportErrorKind
{
    /// <summary>The peer actively refused the connection (TCP RST, ICMP port unreachable).</summary>
    Refused,

    /// <summary>No route to the peer (host or network unreachable).</summary>
    Unreachable,

    /// <summary>The connection attempt did not complete before the deadline.</summary>
    ConnectTimeout,

    /// <summary>The peer reset or closed the connection while a response was awaited.</summary>
    ConnectionLost,

    /// <summary>The TLS handshake failed or the peer's certificate was not trusted.</summary>
    TlsFailed,

    /// <summary>The peer sent bytes that are not a SIP message within the parser's limits.</summary>
    Protocol,

    /// <summary>Any other socket error.</summary>
    Other,
}
