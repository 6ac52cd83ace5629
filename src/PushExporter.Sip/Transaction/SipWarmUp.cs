using System.Net;
using System.Net.Sockets;
using System.Text;
using PushExporter.Sip.Message;
using PushExporter.Sip.Tracing;
using PushExporter.Sip.Transport;

namespace PushExporter.Sip.Transaction;

/// <summary>
/// Runs the probe's SIP code once before a measurement, so that a fresh process pays its
/// first-use costs (JIT of the message, transport, transaction and trace code, the socket
/// engine's start) before the clock starts rather than inside the one round trip that the
/// one-shot <c>probe</c> command reports.
/// </summary>
public static class SipWarmUp
{
    private static readonly SipUri _uri = SipUri.Parse("sip:warm-up@127.0.0.1");

    /// <summary>
    /// Runs one OPTIONS transaction through the real transport, transaction and parser against
    /// a socket of this process on 127.0.0.1 (an ephemeral port: nothing leaves the host) that
    /// answers 200 OK. <see cref="SipTransportKind.Tls"/> warms the TCP path, which TLS shares
    /// (its own handshake warms the TLS code). Best effort: a failure leaves the costs in the
    /// measurement and nothing else.
    /// </summary>
    /// <returns>Whether the exchange was answered.</returns>
    public static async Task<bool> RunAsync(SipTransportKind transport, CancellationToken cancellationToken)
    {
        var udp = transport == SipTransportKind.Udp;
        using var peer = udp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            if (!udp)
            {
                peer.Listen(1);
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var socket = await SipConnector.ConnectAsync((IPEndPoint)peer.LocalEndPoint!, udp ? SipTransportKind.Udp : SipTransportKind.Tcp, null, cancellationToken).ConfigureAwait(false);
            await using var connection = SipConnector.OverSocket(socket);
            var answering = udp ? AnswerDatagramAsync(peer, stop.Token) : AnswerStreamAsync(peer, stop.Token);
            var request = SipRequestFactory.Create(new SipRequestOptions
            {
                Method = "OPTIONS",
                RequestUri = _uri,
                From = _uri,
                Transport = connection.Transport.ToString(),
                ViaHost = connection.LocalEndPoint.Address.ToString(),
                ViaPort = connection.LocalEndPoint.Port,
            });
            var trace = new ProbeTrace();
            var result = await new NonInviteClientTransaction(connection, request, trace: trace)
                .RunAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            _ = trace.ToString();
            await stop.CancelAsync().ConfigureAwait(false);
            await answering.ConfigureAwait(false);
            return result.FinalResponse is { StatusCode: 200, MsDiagnostics: null };
        }
        catch (Exception exception) when (exception is SocketException or SipTransportException)
        {
            return false;
        }
    }

    private static async Task AnswerDatagramAsync(Socket peer, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            var received = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cancellationToken).ConfigureAwait(false);
            if (Answer(buffer.AsSpan(0, received.ReceivedBytes)) is { } answer)
            {
                await peer.SendToAsync(answer, received.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
            // The transaction is over, or the warm-up failed; either way there is nothing to answer.
        }
    }

    private static async Task AnswerStreamAsync(Socket listener, CancellationToken cancellationToken)
    {
        try
        {
            using var accepted = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[4096];
            var length = 0;
            while (length < buffer.Length && buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0)
            {
                var read = await accepted.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                length += read;
            }

            if (Answer(buffer.AsSpan(0, length)) is { } answer)
            {
                await accepted.SendAsync(answer, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
            // The transaction is over, or the warm-up failed; either way there is nothing to answer.
        }
    }

    // 200 OK with the request's Via, From, To, Call-ID and CSeq, so that the transaction matches it.
    private static byte[]? Answer(ReadOnlySpan<byte> request)
    {
        if (SipMessageParser.TryParseDatagram(request, SipParserLimits.Default, out var message, out _) != SipParseStatus.Complete)
        {
            return null;
        }

        var answer = new StringBuilder("SIP/2.0 200 OK\r\n");
        foreach (var name in (string[])[SipHeaderNames.Via, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq])
        {
            answer.Append(name).Append(": ").Append(message!.Headers[name]).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(answer.Append("Content-Length: 0\r\n\r\n").ToString());
    }
}
