using System.Net;
using System.Net.Sockets;
using PushExporter.Sip.Message;

namespace PushExporter.Sip.Transport;

/// <summary>SIP over a connected UDP socket: one datagram is one message (RFC 3261 §18.3).</summary>
internal sealed class UdpSipConnection : ISipConnection
{
    // The largest UDP payload; a SIP datagram can never be larger.
    private const int MaxDatagram = 65_535;

    private readonly Socket _socket;
    private readonly SipParserLimits _limits;
    private readonly ConnectionClock _clock;
    private readonly byte[] _buffer = new byte[MaxDatagram];

    public UdpSipConnection(Socket socket, SipParserLimits limits, TimeProvider? clock = null)
    {
        _socket = socket;
        _limits = limits;
        _clock = new ConnectionClock(clock ?? TimeProvider.System);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
    }

    public SipTransportKind Transport => SipTransportKind.Udp;

    public bool IsReliable => false;

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        try
        {
            _clock.Sending();
            await _socket.SendAsync(message, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException exception)
        {
            throw SocketErrors.Wrap(exception, $"UDP send to {RemoteEndPoint}");
        }
    }

    public async ValueTask<SipReceiveResult> ReceiveAsync(CancellationToken cancellationToken)
    {
        int received;
        TimeSpan receivedAt;
        TimeSpan? lastSentAt;
        try
        {
            received = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            // The send stamp first: a retransmission handed to the socket after these bytes arrived must not count.
            lastSentAt = _clock.LastSent;
            receivedAt = _clock.Now;
        }
        catch (SocketException exception)
        {
            // On a connected UDP socket an ICMP port unreachable surfaces here as ConnectionRefused.
            throw SocketErrors.Wrap(exception, $"UDP receive from {RemoteEndPoint}");
        }

        var datagram = _buffer.AsMemory(0, received);
        var raw = datagram.ToArray();
        SipMessageParser.TryParseDatagram(datagram.Span, _limits, out var message, out var error);
        return new SipReceiveResult(message, error, raw, receivedAt, lastSentAt);
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
