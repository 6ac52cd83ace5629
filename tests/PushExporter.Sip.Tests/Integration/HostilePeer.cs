using System.Net;
using System.Net.Sockets;
using System.Text;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Integration;

/// <summary>
/// A misbehaving SIP server on a free 127.0.0.1 port, inside the test: it takes one request
/// (one TCP connection, or one UDP datagram) and then runs a scripted behaviour, counting
/// every byte it manages to hand to the kernel. The behaviour ends when the client goes away
/// (a send fails) or the peer is disposed.
/// </summary>
internal sealed class HostilePeer : IAsyncDisposable
{
    public const int SendBufferBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private long _bytesSent;

    private HostilePeer(Socket socket, Func<Exchange, CancellationToken, Task> behaviour)
    {
        _socket = socket;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _serving = Task.Run(() => ServeAsync(behaviour, _stop.Token));
    }

    public int Port { get; }

    /// <summary>Bytes the peer sent before the client stopped it (or before now).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Why the behaviour ended: null if it ran to its end or was stopped.</summary>
    public Exception? Ended { get; private set; }

    public static HostilePeer Tcp(Func<Exchange, CancellationToken, Task> behaviour)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        return new HostilePeer(listener, behaviour);
    }

    public static HostilePeer Udp(Func<Exchange, CancellationToken, Task> behaviour)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new HostilePeer(socket, behaviour);
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) for the behaviour to notice the client has gone.</summary>
    public Task StoppedAsync(TimeSpan timeout) => _serving.WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _serving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // Leave it: the socket is closed, so it cannot send any more.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(Func<Exchange, CancellationToken, Task> behaviour, CancellationToken cancellationToken)
    {
        Socket? accepted = null;
        try
        {
            Exchange exchange;
            if (_socket.SocketType == SocketType.Stream)
            {
                accepted = await _socket.AcceptAsync(cancellationToken);
                // A fixed send buffer: otherwise Linux autotunes it up to tcp_wmem's 4 MB, and bytes
                // parked in the peer's own kernel buffer would count as delivered.
                accepted.SendBufferSize = SendBufferBytes;
                var request = await SocketHeaders.ReadAsync(accepted, cancellationToken);
                exchange = new Exchange(this, accepted, null, request);
            }
            else
            {
                var buffer = new byte[65_535];
                var received = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
                exchange = new Exchange(this, _socket, received.RemoteEndPoint, Encoding.ASCII.GetString(buffer, 0, received.ReceivedBytes));
            }

            await behaviour(exchange, cancellationToken);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Ended = exception;
        }
        finally
        {
            accepted?.Dispose();
        }
    }

    /// <summary>The one request received and the way back to its sender.</summary>
    internal sealed class Exchange(HostilePeer peer, Socket socket, EndPoint? client, string request)
    {
        public string Request { get; } = request;

        public Socket Socket { get; } = socket;

        /// <summary>The request's Via, From, To, Call-ID and CSeq lines, so a response matches the transaction.</summary>
        public string MatchingHeaders => string.Concat(Request.Split("\r\n")
            .Where(l => l.StartsWith("Via:", StringComparison.OrdinalIgnoreCase)
                || l.StartsWith("From:", StringComparison.OrdinalIgnoreCase)
                || l.StartsWith("To:", StringComparison.OrdinalIgnoreCase)
                || l.StartsWith("Call-ID:", StringComparison.OrdinalIgnoreCase)
                || l.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase))
            .Select(l => l + "\r\n"));

        public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            var sent = client is null
                ? await Socket.SendAsync(bytes, SocketFlags.None, cancellationToken)
                : await Socket.SendToAsync(bytes, SocketFlags.None, client, cancellationToken);
            Interlocked.Add(ref peer._bytesSent, sent);
        }

        public Task SendAsync(string text, CancellationToken cancellationToken) => SendAsync(Encoding.ASCII.GetBytes(text), cancellationToken);

        /// <summary>Sends <paramref name="chunk"/> again and again until the client goes away or the peer stops.</summary>
        public async Task SendForeverAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            while (true)
            {
                await SendAsync(chunk, cancellationToken);
            }
        }
    }
}
