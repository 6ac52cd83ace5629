using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PushExporter.Demo;

/// <summary>
/// A tiny authoritative DNS server (RFC 1035, UDP) on 127.0.0.1 for the demo: answers SRV and
/// A questions from a callback, NXDOMAIN for names it does not know. Not a general server:
/// one question per query, no compression in answers beyond a pointer to the question.
/// </summary>
internal sealed class DemoDnsServer : IAsyncDisposable
{
    public const ushort TypeA = 1;
    public const ushort TypeSrv = 33;

    private readonly Socket _socket;
    private readonly Func<string, ushort, DnsAnswer?> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DemoDnsServer(Func<string, ushort, DnsAnswer?> answer)
    {
        _answer = answer;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(ServeAsync);
    }

    public IPEndPoint EndPoint { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        var buffer = new byte[512];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            var reply = Answer(buffer.AsSpan(0, received.ReceivedBytes));
            if (reply is not null)
            {
                await _socket.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint, _stop.Token).ConfigureAwait(false);
            }
        }
    }

    private byte[]? Answer(ReadOnlySpan<byte> query)
    {
        if (query.Length < 17 || BinaryPrimitives.ReadUInt16BigEndian(query[4..]) != 1)
        {
            return null;
        }

        var name = new StringBuilder();
        var at = 12;
        while (at < query.Length && query[at] != 0)
        {
            int length = query[at];
            if (length > 63 || at + 1 + length >= query.Length)
            {
                return null;
            }

            name.Append(name.Length > 0 ? "." : string.Empty).Append(Encoding.ASCII.GetString(query.Slice(at + 1, length)));
            at += 1 + length;
        }

        var questionEnd = at + 5;
        if (questionEnd > query.Length)
        {
            return null;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(query[(at + 1)..]);
        var answer = _answer(name.ToString().ToLowerInvariant(), type);
        using var reply = new MemoryStream();
        reply.Write(query[..2]);
        // QR, AA, RD copied; RCODE 3 = NXDOMAIN.
        reply.WriteByte((byte)(0x84 | (query[2] & 0x01)));
        reply.WriteByte(answer is null ? (byte)0x03 : (byte)0x00);
        WriteUInt16(reply, 1);
        WriteUInt16(reply, (ushort)(answer?.Records.Count ?? 0));
        WriteUInt16(reply, 0);
        WriteUInt16(reply, 0);
        reply.Write(query[12..questionEnd]);
        foreach (var record in answer?.Records ?? [])
        {
            WriteUInt16(reply, 0xC00C);
            WriteUInt16(reply, record.Type);
            WriteUInt16(reply, 1);
            reply.Write([0, 0, 0, 5]);
            WriteUInt16(reply, (ushort)record.Data.Length);
            reply.Write(record.Data);
        }

        return reply.ToArray();
    }

    private static void WriteUInt16(Stream stream, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        stream.Write(bytes);
    }

    /// <summary>The records for one question; an empty list is NOERROR with no records.</summary>
    internal sealed record DnsAnswer(IReadOnlyList<DnsRecord> Records);

    internal sealed record DnsRecord(ushort Type, byte[] Data)
    {
        public static DnsRecord A(IPAddress address) => new(TypeA, address.GetAddressBytes());

        public static DnsRecord Srv(ushort priority, ushort weight, ushort port, string target)
        {
            using var data = new MemoryStream();
            WriteUInt16(data, priority);
            WriteUInt16(data, weight);
            WriteUInt16(data, port);
            foreach (var label in target.TrimEnd('.').Split('.'))
            {
                data.WriteByte((byte)label.Length);
                data.Write(Encoding.ASCII.GetBytes(label));
            }

            data.WriteByte(0);
            return new(TypeSrv, data.ToArray());
        }
    }
}
