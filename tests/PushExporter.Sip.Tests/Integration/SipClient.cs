using System.Net;
using System.Net.Sockets;
using System.Text;
using PushExporter.Sip.Message;
using PushExporter.Sip.Tracing;
using PushExporter.Sip.Transaction;
using PushExporter.Sip.Transport;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Integration;

/// <summary>
/// The probe's SIP steps as the host runs them — connect, TLS handshake, one non-INVITE
/// transaction — against a 127.0.0.1 port, so integration tests exercise our transport and
/// transaction code rather than hand-written sockets.
/// </summary>
internal static class SipClient
{
    public static readonly SipUri PushProxy = SipUri.Parse("sip:push@push.lync.com");

    public static readonly SipUri Probe = SipUri.Parse("sip:probe@pushexporter.test");

    /// <summary>Timers short enough for tests: T1 = 50 ms, so Timer E fires at 50, 150, 350, … ms and Timer F at 3.2 s.</summary>
    public static readonly SipTimerOptions ShortTimers = new() { T1 = TimeSpan.FromMilliseconds(50), T2 = TimeSpan.FromMilliseconds(400) };

    public static SipTransportKind Kind(PeerTransport transport) => transport switch
    {
        PeerTransport.Udp => SipTransportKind.Udp,
        PeerTransport.Tcp => SipTransportKind.Tcp,
        _ => SipTransportKind.Tls,
    };

    /// <summary>Connects (and for TLS authenticates, trusting <paramref name="tls"/>) to 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<ISipConnection> ConnectAsync(
        int port,
        SipTransportKind transport,
        TlsClientOptions? tls = null,
        Action<TlsSessionInfo>? observed = null,
        ProbeTrace? trace = null)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var socket = await SipConnector.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), transport, trace, cancellationToken);
        if (transport != SipTransportKind.Tls)
        {
            return SipConnector.OverSocket(socket);
        }

        try
        {
            var (stream, _) = await TlsHandshake.AuthenticateAsync(socket, "edge.test", tls ?? new TlsClientOptions(), trace, observed, cancellationToken);
            return SipConnector.OverTls(stream, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The probe's request over <paramref name="connection"/>: OPTIONS, or MESSAGE with a small text body.</summary>
    public static SipRequest Request(ISipConnection connection, string method = "OPTIONS") => SipRequestFactory.Create(new SipRequestOptions
    {
        Method = method,
        RequestUri = PushProxy,
        From = Probe,
        Transport = connection.Transport.ToString(),
        ViaHost = connection.LocalEndPoint.Address.ToString(),
        ViaPort = connection.LocalEndPoint.Port,
        UserAgent = "PushExporter/integration-tests",
        ContentType = method == "MESSAGE" ? "text/plain" : null,
        Body = method == "MESSAGE" ? Encoding.UTF8.GetBytes("probe") : ReadOnlyMemory<byte>.Empty,
    });

    /// <summary>Runs one transaction of <paramref name="method"/> over an open connection.</summary>
    public static Task<SipTransactionResult> RunAsync(
        ISipConnection connection,
        string method = "OPTIONS",
        SipTimerOptions? timers = null,
        TimeSpan? deadline = null,
        ProbeTrace? trace = null)
    {
        var transaction = new NonInviteClientTransaction(connection, Request(connection, method), timers ?? ShortTimers, TimeProvider.System, trace);
        return transaction.RunAsync(deadline ?? TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    /// <summary>Connects, runs one transaction and closes.</summary>
    public static async Task<SipTransactionResult> ExchangeAsync(
        int port,
        SipTransportKind transport,
        string method = "OPTIONS",
        TlsClientOptions? tls = null,
        SipTimerOptions? timers = null,
        TimeSpan? deadline = null,
        ProbeTrace? trace = null)
    {
        await using var connection = await ConnectAsync(port, transport, tls, trace: trace);
        return await RunAsync(connection, method, timers, deadline, trace);
    }

    /// <summary>A 127.0.0.1 TCP port that refuses connections (bound, never listening).</summary>
    public static Socket ClosedTcpPort(out int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }
}
