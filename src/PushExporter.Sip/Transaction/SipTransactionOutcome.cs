namespace PushExporter.Sip.Transaction;

/// <summary>How a client transaction ended.</summary>
public enum SipTransactionOutcome
{
    /// <summary>A final (2xx–6xx) response arrived.</summary>
    FinalResponse,

    /// <summary>Timer F fired, or the probe deadline came first, with no final response.</summary>
    Timeout,

    /// <summary>The connection failed: refused, reset or closed by the peer.</summary>
    TransportError,

    /// <summary>The peer answered with bytes that are not a SIP message.</summary>
    ParseError,

    /// <summary>
    /// The peer sent more than <see cref="NonInviteClientTransaction.MaxAbsorbedMessages"/> messages
    /// that were not the final response (provisional responses, responses or requests of other
    /// transactions, unparsable datagrams): a flood, abandoned rather than read until the timeout.
    /// </summary>
    TooManyMessages,
}
