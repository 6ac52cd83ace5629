using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PushExporter.Sip.Resolution;

/// <summary>
/// One question over TCP (RFC 1035 §4.2.2, RFC 7766) on a connection of its own, closed once
/// the answer is read: exactly one message is taken, however many the server writes after
/// it. Messages that do not answer the question are noted and skipped, until the token ends
/// the wait.
/// </summary>
internal static class DnsTcpExchange
{
    public static async Task<DnsReceived> AskAsync(IPEndPoint server, DnsQuestion question, DnsExchangeNotes notes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DnsMessage.MaxLength);
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
            var id = DnsMessage.NewId();
            var length = question.WriteQuery(buffer.AsSpan(2), id);
            BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)length);
            await socket.SendAsync(buffer.AsMemory(0, 2 + length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (!await ReadExactlyAsync(socket, buffer.AsMemory(0, 2), cancellationToken).ConfigureAwait(false))
                {
                    return DnsReceived.Failed($"{server} closed the TCP connection without an answer");
                }

                var messageLength = BinaryPrimitives.ReadUInt16BigEndian(buffer);
                if (!await ReadExactlyAsync(socket, buffer.AsMemory(0, messageLength), cancellationToken).ConfigureAwait(false))
                {
                    return DnsReceived.Failed($"{server} closed the TCP connection inside a message");
                }

                var mismatch = DnsMessage.Mismatch(buffer.AsSpan(0, messageLength), id, question, out var answersStart);
                if (mismatch is null)
                {
                    return new DnsReceived(buffer.AsSpan(0, messageLength).ToArray(), answersStart, null);
                }

                notes.Add($"ignored a TCP answer from {server}: {mismatch}");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            var read = await socket.ReceiveAsync(destination[filled..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }
}
