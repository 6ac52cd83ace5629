using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PushExporter.Testing;

/// <summary>
/// An Edge on a free 127.0.0.1 TCP port, inside the test process, for answers no real peer can
/// be made to give: bytes Kamailio would never send (NUL in a body), a flood of <c>100 Trying</c>,
/// silence, a response dripped a byte at a time. Every connection reads one request's header
/// section and then runs the behaviour; it ends when the client goes away or the Edge is disposed.
/// </summary>
public sealed class ScriptedEdge : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Func<Exchange, CancellationToken, Task> _behaviour;
    private int _connections;

    private ScriptedEdge(Func<Exchange, CancellationToken, Task> behaviour)
    {
        _behaviour = behaviour;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, FreePort.Tcp()));
        _listener.Listen(512);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>An Edge that runs <paramref name="behaviour"/> on every connection.</summary>
    public static ScriptedEdge Start(Func<Exchange, CancellationToken, Task> behaviour) => new(behaviour);

    /// <summary>Answers every request with what <paramref name="response"/> makes of it, then waits for the client to close.</summary>
    public static ScriptedEdge Answering(Func<Exchange, byte[]> response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new(async (exchange, ct) =>
        {
            await exchange.SendAsync(response(exchange), ct);
            await exchange.WaitForCloseAsync(ct);
        });
    }

    /// <summary>Reads the request and never answers.</summary>
    public static ScriptedEdge Silent() => new((exchange, ct) => exchange.WaitForCloseAsync(ct));

    /// <summary>Sends a matching <c>100 Trying</c> again and again, with no pause, and never a final response.</summary>
    public static ScriptedEdge FloodingTrying() => new((exchange, ct) => exchange.SendForeverAsync(Encoding.ASCII.GetBytes(exchange.Response(100, "Trying")), ct));

    /// <summary>Sends a matching <c>200 OK</c> one byte every <paramref name="pause"/>: the final response never completes within a probe's timeout.</summary>
    public static ScriptedEdge SlowDrip(TimeSpan pause) => new(async (exchange, ct) =>
    {
        var bytes = Encoding.ASCII.GetBytes(exchange.Response(200, "OK"));
        for (var i = 0; ; i = (i + 1) % bytes.Length)
        {
            await exchange.SendAsync(bytes.AsMemory(i, 1), ct);
            await Task.Delay(pause, ct);
        }
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _accepting.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // The listener is closed: nothing more can be accepted.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var token = _stop.Token;
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(token);
                Interlocked.Increment(ref _connections);
                _ = Task.Run(() => ServeAsync(socket, token), CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        using (socket)
        {
            try
            {
                var request = await SocketHeaders.ReadAsync(socket, cancellationToken);
                await _behaviour(new Exchange(socket, request), cancellationToken);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the Edge was disposed.
            }
        }
    }

    /// <summary>One connection: the request received and the way back.</summary>
    public sealed class Exchange(Socket socket, string request)
    {
        public string Request { get; } = request;

        /// <summary>A response to <see cref="Request"/> that its transaction accepts: Via, From, To, Call-ID and CSeq copied.</summary>
        public string Response(int status, string reasonPhrase, string? body = null)
        {
            var headers = string.Concat(Request.Split("\r\n")
                .Where(l => l.StartsWith("Via:", StringComparison.OrdinalIgnoreCase)
                    || l.StartsWith("From:", StringComparison.OrdinalIgnoreCase)
                    || l.StartsWith("To:", StringComparison.OrdinalIgnoreCase)
                    || l.StartsWith("Call-ID:", StringComparison.OrdinalIgnoreCase)
                    || l.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase))
                .Select(l => l + "\r\n"));
            var content = body is null ? string.Empty : "Content-Type: text/plain\r\n";
            return $"SIP/2.0 {status} {reasonPhrase}\r\n{headers}{content}Content-Length: {Encoding.UTF8.GetByteCount(body ?? string.Empty)}\r\n\r\n{body}";
        }

        public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
            await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);

        /// <summary>Sends <paramref name="chunk"/> again and again until the client goes away or the Edge stops.</summary>
        public async Task SendForeverAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            while (true)
            {
                await SendAsync(chunk, cancellationToken);
            }
        }

        /// <summary>Reads (and drops) whatever else the client sends, until it closes the connection.</summary>
        public async Task WaitForCloseAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[4096];
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) > 0)
            {
            }
        }
    }
}
