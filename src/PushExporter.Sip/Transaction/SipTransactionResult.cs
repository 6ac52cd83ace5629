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

    /// <summary>Time from the first transmission to the final response.</summary>
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
