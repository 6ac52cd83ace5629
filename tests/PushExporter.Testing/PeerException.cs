namespace PushExporter.Testing;

/// <summary>
/// A real peer (Kamailio, SIPp, dnsmasq, stunnel) is missing, failed to start or misbehaved.
/// The message says what to install or carries the peer's own output.
/// </summary>
public sealed class PeerException : Exception
{
    public PeerException()
    {
    }

    public PeerException(string message)
        : base(message)
    {
    }

    public PeerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
