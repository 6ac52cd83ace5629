namespace PushExporter.Sip.Transport;

/// <summary>The transport a SIP request travels over (RFC 3261 §18).</summary>
public enum SipTransportKind
{
    /// <summary>UDP: unreliable, so the transaction retransmits (Timer E).</summary>
    Udp,

    /// <summary>TCP: reliable stream framed by Content-Length.</summary>
    Tcp,

    /// <summary>TLS over TCP (what a Lync Edge listens on, port 5061).</summary>
    Tls,
}
