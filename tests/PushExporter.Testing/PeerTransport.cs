namespace PushExporter.Testing;

/// <summary>How a test reaches a peer's SIP listener.</summary>
public enum PeerTransport
{
    /// <summary>SIP over UDP.</summary>
    Udp,

    /// <summary>SIP over TCP.</summary>
    Tcp,

    /// <summary>SIP over TLS on TCP.</summary>
    Tls,
}
