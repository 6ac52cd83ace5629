using System.Net;
using System.Text;
using System.Threading.Channels;
using PushExporter.Sip.Message;
using PushExporter.Sip.Transport;

namespace PushExporter.Testing;

/// <summary>A deterministic in-memory transport: records what is sent, delivers what a test queues.</summary>
public sealed class InMemorySipConnection(bool reliable, TimeProvider time) : ISipConnection
{
    private readonly Channel<Func<SipReceiveResult>> _incoming = Channel.CreateUnbounded<Func<SipReceiveResult>>();
    private readonly List<(DateTimeOffset At, string Text)> _sent = [];
    private readonly long _opened = time.GetTimestamp();

    public SipTransportKind Transport => reliable ? SipTransportKind.Tcp : SipTransportKind.Udp;

    public bool IsReliable => reliable;

    public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Loopback, 40000);

    public IPEndPoint RemoteEndPoint { get; } = new(IPAddress.Loopback, 5061);

    private int _receiveCalls;
    private TimeSpan? _lastSentAt;

    public SipTransportException? SendFailure { get; set; }

    /// <summary>Calls of ReceiveAsync so far: when it reaches n + 1, the n-th delivery has been handled.</summary>
    public int ReceiveCalls => Volatile.Read(ref _receiveCalls);

    public IReadOnlyList<(DateTimeOffset At, string Text)> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Queues <paramref name="wire"/>, stamped as arrived now.</summary>
    public void Deliver(string wire)
    {
        TimeSpan? lastSentAt;
        lock (_sent)
        {
            lastSentAt = _lastSentAt;
        }

        var receivedAt = time.GetElapsedTime(_opened);
        _incoming.Writer.TryWrite(() =>
        {
            var bytes = Encoding.UTF8.GetBytes(wire);
            SipMessageParser.TryParseDatagram(bytes, SipParserLimits.Default, out var message, out var error);
            return new SipReceiveResult(message, error, bytes, receivedAt, lastSentAt);
        });
    }

    /// <summary>
    /// Answers the last request sent with <paramref name="status"/>, echoing its Via, From,
    /// Call-ID and CSeq as a real peer does, plus <paramref name="extraHeaders"/> (CRLF-terminated lines).
    /// </summary>
    public void Answer(int status, string reason, string extraHeaders = "")
    {
        var sent = Sent;
        if (sent.Count == 0)
        {
            throw new InvalidOperationException("nothing was sent to answer");
        }

        var bytes = Encoding.UTF8.GetBytes(sent[^1].Text);
        if (SipMessageParser.TryParseDatagram(bytes, SipParserLimits.Default, out var message, out var error) != SipParseStatus.Complete || message is not SipRequest request)
        {
            throw new InvalidOperationException($"the last message sent is not a request: {error}");
        }

        Deliver(
            $"SIP/2.0 {status} {reason}\r\n" +
            $"Via: {request.Headers["Via"]}\r\n" +
            $"From: {request.Headers["From"]}\r\n" +
            $"To: {request.Headers["To"]};tag=in-memory\r\n" +
            $"Call-ID: {request.CallId}\r\n" +
            $"CSeq: {request.Headers["CSeq"]}\r\n" +
            extraHeaders +
            "Content-Length: 0\r\n\r\n");
    }

    public void Fail(SipTransportException exception) => _incoming.Writer.TryWrite(() => throw exception);

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (SendFailure is not null)
        {
            throw SendFailure;
        }

        lock (_sent)
        {
            _lastSentAt = time.GetElapsedTime(_opened);
            _sent.Add((time.GetUtcNow(), Encoding.UTF8.GetString(message.Span)));
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<SipReceiveResult> ReceiveAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _receiveCalls);
        var next = await _incoming.Reader.ReadAsync(cancellationToken);
        return next();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
