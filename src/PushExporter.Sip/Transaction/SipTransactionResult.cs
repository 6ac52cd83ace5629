using PushExporter.Sip.Message;
using PushExporter.Sip.Transport;

namespace PushExporter.Sip.Transaction;

/// <summary>What one non-INVITE transaction produced.</summary>
public sealed record SipTransactionResult
{
    /// <summary>How it ended.</summary>
    public required SipTransactionOutcome Outcome { get; init; }

    /// <summary>The final response, when <see cref="Outcome"/> is <see cref="SipTransactionOutcome.FinalResponse"/>.</summary>
    public SipResponse? FinalResponse { get; init; }

    /// <summary>The provisional responses absorbed on the way (the first few kept).</summary>
    public IReadOnlyList<SipResponse> ProvisionalResponses { get; init; } = [];

    /// <summary>
    /// The SIP round trip, as the transport stamped it: from the moment the request's bytes were
    /// handed to the socket to the moment the final response's bytes arrived, before parsing.
    /// Over UDP with retransmissions it counts from the last transmission before the first
    /// response (provisional or final) arrived: that response proves the request got through, and
    /// later retransmissions are absorbed by the server transaction (RFC 3261 §17.2.2) without
    /// restarting its work. Which of the earlier, identical transmissions was answered cannot be
    /// known (Karn's problem); the last one gives the route's latency rather than a lost
    /// datagram's wait, which <see cref="Elapsed"/> and <see cref="Retransmissions"/> show.
    /// </summary>
    public TimeSpan? RoundTrip { get; init; }

    /// <summary>Time from the first transmission until the transaction ended, however it ended.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>How often Timer E retransmitted the request (UDP only).</summary>
    public int Retransmissions { get; init; }

    /// <summary>Responses that matched no transaction, and requests, ignored on the way.</summary>
    public int StrayMessages { get; init; }

    /// <summary>The transport failure, when <see cref="Outcome"/> is <see cref="SipTransactionOutcome.TransportError"/>.</summary>
    public SipTransportErrorKind? TransportError { get; init; }

    /// <summary>The parse failure, when <see cref="Outcome"/> is <see cref="SipTransactionOutcome.ParseError"/>.</summary>
    public SipParseError? ParseError { get; init; }

    /// <summary>A sentence saying why the transaction did not end in a final response.</summary>
    public string? Error { get; init; }
}
