using System.Net;

namespace PushExporter.Sip.Transport;

/// <summary>
/// A connection to one SIP peer over UDP, TCP or TLS: sends whole messages and returns
/// whole parsed messages. Sends and receipts are stamped at the socket on the connection's own
/// timeline (time since it was opened), and each receipt carries both stamps
/// (<see cref="SipReceiveResult.ReceivedAt"/>, <see cref="SipReceiveResult.LastSentAt"/>), so that a
/// round trip is free of parsing and of the caller's scheduling. Failures surface as <see cref="SipTransportException"/>.
/// </summary>
public interface ISipConnection : IAsyncDisposable
{
    /// <summary>The transport in use (the Via transport token).</summary>
    SipTransportKind Transport { get; }

    /// <summary>True for TCP and TLS: the transaction then does not retransmit (RFC 3261 §17.1.2.2).</summary>
    bool IsReliable { get; }

    /// <summary>The local address and port, for Via and Contact.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>The peer's address and port.</summary>
    IPEndPoint RemoteEndPoint { get; }

    /// <summary>Sends one serialized message, stamping the moment its bytes are handed to the socket.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>
    /// Waits for the next message. Returns a result with <see cref="SipReceiveResult.Error"/>
    /// set when the bytes cannot be parsed (a stream connection is unusable afterwards);
    /// throws <see cref="SipTransportException"/> when the peer closes or resets the connection.
    /// </summary>
    ValueTask<SipReceiveResult> ReceiveAsync(CancellationToken cancellationToken);
}
