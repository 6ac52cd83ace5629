namespace PushExporter.Sip.Transport;

/// <summary>A transport failure with a kind that a probe maps to a failure reason.</summary>
public sealed class SipTransportException : Exception
{
    public SipTransportException()
    {
    }

    public SipTransportException(string message)
        : base(message)
    {
    }

    public SipTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SipTransportException(SipTransportErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What went wrong.</summary>
    public SipTransportErrorKind Kind { get; } = SipTransportErrorKind.Other;
}
