namespace PushExporter.Sip.Tracing;

/// <summary>What a line of a <see cref="ProbeTrace"/> records.</summary>
public enum TraceEntryKind
{
    /// <summary>A free-form note from a check (what it is about to do, what it decided).</summary>
    Note,

    /// <summary>A DNS question and its answer.</summary>
    Dns,

    /// <summary>A TCP/UDP socket event (connect, refuse, close).</summary>
    Connect,

    /// <summary>TLS handshake details: protocol, cipher, certificate chain.</summary>
    Tls,

    /// <summary>A SIP message as sent on the wire.</summary>
    SipSent,

    /// <summary>A SIP message as received from the wire.</summary>
    SipReceived,

    /// <summary>Something received that was ignored or could not be used.</summary>
    Warning,
}
