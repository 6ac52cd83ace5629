using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Peers;

/// <summary>The hostile DNS peer does what its script says, checked with clients that are not the code under test.</summary>
public sealed class HostileDnsServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Answers_over_udp_as_scripted()
    {
        await using var server = HostileDnsServer.Start(q => [new DnsReply(DnsAnswerBuilder.AnswerTo(q).Address(IPAddress.Parse("127.0.0.7")).ToArray())]);
        var client = new LookupClient(new LookupClientOptions(server.EndPoint) { UseCache = false, Retries = 0, UseTcpFallback = false });

        var response = await client.QueryAsync("edge.contoso.test", QueryType.A, cancellationToken: Ct);

        Assert.Equal([IPAddress.Parse("127.0.0.7")], response.Answers.ARecords().Select(r => r.Address));
        Assert.Equal(1, server.UdpQueries);
    }

    [Fact]
    public async Task Writes_every_reply_back_to_back_over_tcp()
    {
        await using var server = HostileDnsServer.Start(q => [new DnsReply(DnsAnswerBuilder.AnswerTo(q).ToArray()), new DnsReply(DnsAnswerBuilder.AnswerTo(q).WithId(7).ToArray())]);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.EndPoint, Ct);
        var query = Query(0x1234);
        await socket.SendAsync((byte[])[(byte)(query.Length >> 8), (byte)query.Length, .. query], SocketFlags.None, Ct);

        var first = await ReadMessageAsync(socket);
        var second = await ReadMessageAsync(socket);

        Assert.Equal(0x1234, BinaryPrimitives.ReadUInt16BigEndian(first));
        Assert.Equal(7, BinaryPrimitives.ReadUInt16BigEndian(second));
        Assert.Equal(1, server.TcpQueries);
    }

    [Fact]
    public async Task Sends_from_another_port_when_asked()
    {
        await using var server = HostileDnsServer.Start(q => [new DnsReply(DnsAnswerBuilder.AnswerTo(q).ToArray(), FromAnotherPort: true)]);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await socket.SendToAsync(Query(0x4321), SocketFlags.None, server.EndPoint, Ct);

        var received = await socket.ReceiveFromAsync(new byte[512], SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), Ct);

        var from = (IPEndPoint)received.RemoteEndPoint;
        Assert.Equal(IPAddress.Loopback, from.Address);
        Assert.NotEqual(server.EndPoint.Port, from.Port);
    }

    private static byte[] Query(ushort id) =>
        [(byte)(id >> 8), (byte)id, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, .. DnsAnswerBuilder.EncodeName("edge.contoso.test"), 0, 1, 0, 1];

    private static async Task<byte[]> ReadMessageAsync(Socket socket)
    {
        var length = new byte[2];
        await ReadExactlyAsync(socket, length);
        var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
        await ReadExactlyAsync(socket, message);
        return message;
    }

    private static async Task ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        for (var filled = 0; filled < buffer.Length;)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, Ct);
            Assert.True(read > 0, "the server closed the connection early");
            filled += read;
        }
    }
}
