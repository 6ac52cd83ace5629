using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace PushExporter.Sip.Resolution;

/// <summary>
/// One question over UDP (RFC 1035 §4.2.1) on a fresh connected socket: the kernel then
/// delivers only datagrams from the server's own address and port, and the system picks a
/// new source port for every question (RFC 5452 §9.1, §9.2). Datagrams that do not answer
/// the question (another id, another question) are noted and the wait goes on, until the
/// token ends it.
/// </summary>
internal static class DnsUdpExchange
{
    public static async Task<DnsReceived> AskAsync(IPEndPoint server, DnsQuestion question, DnsExchangeNotes notes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DnsMessage.MaxLength);
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(server);
            var id = DnsMessage.NewId();
            var length = question.WriteQuery(buffer, id);
            await socket.SendAsync(buffer.AsMemory(0, length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(0, DnsMessage.MaxLength), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                var mismatch = DnsMessage.Mismatch(buffer.AsSpan(0, received), id, question, out var answersStart);
                if (mismatch is null)
                {
                    return new DnsReceived(buffer.AsSpan(0, received).ToArray(), answersStart, null);
                }

                notes.Add($"ignored a UDP answer from {server}: {mismatch}");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
