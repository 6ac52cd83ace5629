using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PushExporter.Sip.Message;

namespace PushExporter.Sip.Transport;

/// <summary>
/// SIP over a byte stream (TCP or TLS), framed by Content-Length (RFC 3261 §18.3). The
/// receive buffer grows only up to what the parser's limits allow, so a peer that never
/// ends its headers, or announces a huge body, ends in a parse error, not in memory growth.
/// A message's receipt is stamped when the read that brought its last byte returned; over TLS
/// the stamps are taken around the <see cref="System.Net.Security.SslStream"/> calls, so they
/// include the encryption and decryption of one record (microseconds).
/// </summary>
internal sealed class StreamSipConnection : ISipConnection
{
    private const int InitialBuffer = 4 * 1024;

    private readonly Stream _stream;
    private readonly Socket _socket;
    private readonly SipParserLimits _limits;
    private readonly int _maxBuffer;
    private readonly ConnectionClock _clock;
    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private TimeSpan _lastReadAt;
    private TimeSpan? _lastSentBeforeRead;

    public StreamSipConnection(Stream stream, SipTransportKind transport, Socket socket, SipParserLimits limits, TimeProvider? clock = null)
    {
        _stream = stream;
        _socket = socket;
        _limits = limits;
        _clock = new ConnectionClock(clock ?? TimeProvider.System);
        Transport = transport;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;

        // Headers and body at their limits, plus one read's worth of a following message.
        _maxBuffer = limits.MaxHeaderBytes + limits.MaxBodyLength + InitialBuffer;
    }

    public SipTransportKind Transport { get; }

    public bool IsReliable => true;

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        try
        {
            _clock.Sending();
            await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            throw SocketErrors.Wrap(exception, $"{Transport} send to {RemoteEndPoint}");
        }
    }

    public async ValueTask<SipReceiveResult> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_end > _start)
            {
                var buffered = new ReadOnlySequence<byte>(_buffer, _start, _end - _start);
                switch (SipMessageParser.TryParse(buffered, _limits, out var message, out var consumed, out var error))
                {
                    case SipParseStatus.Complete:
                        var length = (int)buffered.Slice(0, consumed).Length;
                        var raw = _buffer.AsMemory(_start, length).ToArray();
                        _start += length;
                        return new SipReceiveResult(message, null, raw, _lastReadAt, _lastSentBeforeRead);
                    case SipParseStatus.Error:
                        return new SipReceiveResult(null, error, _buffer.AsMemory(_start, Math.Min(_end - _start, 4096)).ToArray(), _lastReadAt, _lastSentBeforeRead);
                    default:
                        // Incomplete: the parser has stepped over CRLF keep-alives (RFC 5626 §4.4.1); drop them.
                        _start += (int)buffered.Slice(0, consumed).Length;
                        break;
                }
            }

            if (!MakeRoom())
            {
                return new SipReceiveResult(
                    null,
                    new SipParseError(SipParseErrorKind.HeadersTooLarge, string.Create(CultureInfo.InvariantCulture, $"more than {_maxBuffer} bytes buffered without a complete message")),
                    _buffer.AsMemory(_start, Math.Min(_end - _start, 4096)).ToArray(),
                    _lastReadAt,
                    _lastSentBeforeRead);
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
                _lastSentBeforeRead = _clock.LastSent;
                _lastReadAt = _clock.Now;
            }
            catch (IOException exception)
            {
                throw SocketErrors.Wrap(exception, $"{Transport} receive from {RemoteEndPoint}");
            }

            if (read == 0)
            {
                throw new SipTransportException(
                    SipTransportErrorKind.ConnectionLost,
                    string.Create(CultureInfo.InvariantCulture, $"{Transport} peer {RemoteEndPoint} closed the connection{(_end > _start ? $" after {_end - _start} bytes of an incomplete message" : string.Empty)}"));
            }

            _end += read;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    // Moves unread bytes to the front, then grows the buffer (doubling, up to the cap) if still full.
    private bool MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end < _buffer.Length)
        {
            return true;
        }

        if (_buffer.Length >= _maxBuffer)
        {
            return false;
        }

        Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _maxBuffer));
        return true;
    }
}
