using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using PushExporter.Sip.Message;
using PushExporter.Sip.Tracing;

namespace PushExporter.Sip.Transport;

/// <summary>
/// Opens connections to a SIP peer in the steps a probe times separately: the socket
/// (<see cref="ConnectAsync"/>), then for TLS the handshake (<see cref="TlsHandshake"/>),
/// then the message layer on top (<see cref="OverSocket"/>, <see cref="OverTls"/>).
/// </summary>
public static class SipConnector
{
    /// <summary>
    /// Connects a socket to <paramref name="remote"/>: a TCP connect for TCP and TLS, a
    /// connected UDP socket (no packet sent) for UDP.
    /// </summary>
    public static async Task<Socket> ConnectAsync(IPEndPoint remote, SipTransportKind transport, ProbeTrace? trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var name = transport.ToString().ToUpperInvariant();
        var socket = transport == SipTransportKind.Udp
            ? new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            trace?.Add(TraceEntryKind.Connect, string.Create(CultureInfo.InvariantCulture, $"{name} {socket.LocalEndPoint} -> {remote} connected"));
            return socket;
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            trace?.Add(TraceEntryKind.Connect, string.Create(CultureInfo.InvariantCulture, $"{name} -> {remote} failed: {exception.SocketErrorCode}"));
            throw SocketErrors.Wrap(exception, string.Create(CultureInfo.InvariantCulture, $"{name} connect to {remote}"));
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            trace?.Add(TraceEntryKind.Connect, string.Create(CultureInfo.InvariantCulture, $"{name} -> {remote} not connected before the deadline"));
            throw;
        }
    }

    /// <summary>The message layer over a connected UDP or TCP socket; the connection owns the socket.</summary>
    /// <param name="socket">The connected socket.</param>
    /// <param name="limits">The parser's bounds; <see cref="SipParserLimits.Default"/> when null.</param>
    /// <param name="clock">The clock of the connection's send and receipt stamps; the system's when null.</param>
    public static ISipConnection OverSocket(Socket socket, SipParserLimits? limits = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        limits ??= SipParserLimits.Default;
        return socket.SocketType == SocketType.Dgram
            ? new UdpSipConnection(socket, limits, clock)
            : new StreamSipConnection(new NetworkStream(socket, ownsSocket: true), SipTransportKind.Tcp, socket, limits, clock);
    }

    /// <summary>The message layer over an authenticated TLS stream; the connection owns stream and socket.</summary>
    /// <param name="stream">The authenticated stream.</param>
    /// <param name="socket">The socket under it.</param>
    /// <param name="limits">The parser's bounds; <see cref="SipParserLimits.Default"/> when null.</param>
    /// <param name="clock">The clock of the connection's send and receipt stamps; the system's when null.</param>
    public static ISipConnection OverTls(SslStream stream, Socket socket, SipParserLimits? limits = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(socket);
        return new StreamSipConnection(stream, SipTransportKind.Tls, socket, limits ?? SipParserLimits.Default, clock);
    }
}
