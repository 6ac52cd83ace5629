using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PushExporter.Bench;

/// <summary>
/// A UDP name server on 127.0.0.1 for lookup benchmarks, allocating nothing per query so that
/// the memory column shows only the client: it echoes the query's header and question and
/// appends fixed records (four SRV for an SRV question, one A for an A question, none else).
/// </summary>
internal sealed class LoopbackDnsResponder : IDisposable
{
    private const ushort SrvType = 33;
    private const ushort AType = 1;

    // Owner names are a pointer to the question (offset 12); targets are plain labels under "contoso.com".
    private static readonly byte[] _srvRecords = [.. Srv(10, 60, 5061, "edge-a"), .. Srv(10, 40, 5061, "edge-b"), .. Srv(20, 0, 5062, "edge-backup"), .. Srv(5, 0, 5063, "edge-first")];
    private static readonly byte[] _aRecord = [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1];

    private readonly Socket _socket;
    private readonly Thread _thread;

    public LoopbackDnsResponder()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _thread = new Thread(Serve) { IsBackground = true, Name = "loopback DNS responder" };
        _thread.Start();
    }

    public IPEndPoint EndPoint { get; }

    public void Dispose()
    {
        _socket.Dispose();
        _thread.Join();
    }

    private static byte[] Srv(ushort priority, ushort weight, ushort port, string label)
    {
        var record = new byte[12 + 6 + 1 + label.Length + 13];
        record[0] = 0xC0;
        record[1] = 12;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(2), SrvType);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(6), 60);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(10), (ushort)(record.Length - 12));
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(12), priority);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(14), weight);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(16), port);
        record[18] = (byte)label.Length;
        for (var i = 0; i < label.Length; i++)
        {
            record[19 + i] = (byte)label[i];
        }

        byte[] domain = [7, (byte)'c', (byte)'o', (byte)'n', (byte)'t', (byte)'o', (byte)'s', (byte)'o', 3, (byte)'c', (byte)'o', (byte)'m', 0];
        domain.CopyTo(record, 19 + label.Length);
        return record;
    }

    private void Serve()
    {
        var buffer = new byte[4096];
        var client = new SocketAddress(AddressFamily.InterNetwork);
        while (true)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, client);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            // Header (12 bytes), then the question: labels up to the root, type, class.
            var end = 12;
            while (end < received && buffer[end] != 0)
            {
                end += buffer[end] + 1;
            }

            end += 5;
            if (end > received)
            {
                continue;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(end - 4));
            var records = type == SrvType ? _srvRecords : type == AType ? _aRecord : [];
            buffer[2] = (byte)(0x80 | (buffer[2] & 0x01));
            buffer[3] = 0x80;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(6), (ushort)(type == SrvType ? 4 : type == AType ? 1 : 0));
            buffer[8] = buffer[9] = buffer[10] = buffer[11] = 0;
            records.CopyTo(buffer, end);
            try
            {
                _socket.SendTo(buffer.AsSpan(0, end + records.Length), SocketFlags.None, client);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
