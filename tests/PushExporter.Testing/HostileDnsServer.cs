using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PushExporter.Testing;

/// <summary>
/// A scripted adversary for DNS clients, in process, on one free 127.0.0.1 port for UDP and
/// TCP: every query it can read is handed to the script, which returns the messages to send
/// back (none for silence). Over UDP each reply goes out as one datagram, from the server's
/// port or, if asked, from another port; over TCP all replies to one query are written back
/// to back, each with its two-byte length, in one write. Unreadable queries are counted and
/// dropped.
/// </summary>
public sealed class HostileDnsServer : IAsyncDisposable
{
    private readonly Func<ReceivedDnsQuery, IEnumerable<DnsReply>> _script;
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly Socket _spoofer;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly Lock _gate = new();
    private int _udpQueries;
    private int _tcpQueries;

    private HostileDnsServer(Func<ReceivedDnsQuery, IEnumerable<DnsReply>> script, Socket udp, Socket tcp)
    {
        _script = script;
        _udp = udp;
        _tcp = tcp;
        _spoofer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _spoofer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)udp.LocalEndPoint!;
        _loops.Add(ServeUdpAsync());
        _loops.Add(AcceptAsync());
    }

    /// <summary>Where to send queries, over UDP or TCP.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Queries read over UDP.</summary>
    public int UdpQueries => Volatile.Read(ref _udpQueries);

    /// <summary>Queries read over TCP.</summary>
    public int TcpQueries => Volatile.Read(ref _tcpQueries);

    /// <summary>Starts serving <paramref name="script"/>; it runs on the server's own tasks, one query at a time per socket.</summary>
    public static HostileDnsServer Start(Func<ReceivedDnsQuery, IEnumerable<DnsReply>> script)
    {
        ArgumentNullException.ThrowIfNull(script);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)udp.LocalEndPoint!).Port));
                tcp.Listen(16);
                return new HostileDnsServer(script, udp, tcp);
            }
            catch (SocketException)
            {
                // That UDP port's TCP twin is taken: try another.
                udp.Dispose();
                tcp.Dispose();
            }
        }

        throw new InvalidOperationException("no 127.0.0.1 port was free for both UDP and TCP after 100 attempts");
    }

    /// <summary>Stops serving and closes every socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Dispose();
        _spoofer.Dispose();
        Task[] loops;
        lock (_gate)
        {
            loops = [.. _loops];
        }

        // Each loop ends on the cancellation or on its socket closing under it; none of that is news.
        await Task.WhenAll(loops).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        _stop.Dispose();
    }

    private static ReceivedDnsQuery? Read(ReadOnlySpan<byte> message, bool overTcp)
    {
        if (message.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(message[4..]) != 1)
        {
            return null;
        }

        var name = new StringBuilder();
        var at = 12;
        while (at < message.Length && message[at] is > 0 and < 64 && at + 1 + message[at] <= message.Length)
        {
            name.Append(name.Length > 0 ? "." : string.Empty).Append(Encoding.ASCII.GetString(message.Slice(at + 1, message[at])));
            at += 1 + message[at];
        }

        if (at + 5 > message.Length || message[at] != 0)
        {
            return null;
        }

        return new ReceivedDnsQuery(
            BinaryPrimitives.ReadUInt16BigEndian(message),
            name.ToString(),
            BinaryPrimitives.ReadUInt16BigEndian(message[(at + 1)..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[(at + 3)..]),
            overTcp);
    }

    private async Task ServeUdpAsync()
    {
        var buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            Interlocked.Increment(ref _udpQueries);
            if (Read(buffer.AsSpan(0, received.ReceivedBytes), overTcp: false) is not { } query)
            {
                continue;
            }

            foreach (var reply in _script(query))
            {
                var from = reply.FromAnotherPort ? _spoofer : _udp;
                await from.SendToAsync(reply.Message, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var connection = await _tcp.AcceptAsync(_stop.Token);
            lock (_gate)
            {
                _loops.RemoveAll(t => t.IsCompleted);
                _loops.Add(ServeTcpAsync(connection));
            }
        }
    }

    private async Task ServeTcpAsync(Socket connection)
    {
        using (connection)
        {
            var prefix = new byte[2];
            try
            {
                while (await ReadExactlyAsync(connection, prefix))
                {
                    var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                    if (!await ReadExactlyAsync(connection, message))
                    {
                        return;
                    }

                    Interlocked.Increment(ref _tcpQueries);
                    if (Read(message, overTcp: true) is not { } query)
                    {
                        continue;
                    }

                    // RFC 1035 §4.2.2: each message with a two-byte length in front; all of them in one write.
                    var replies = new List<byte>();
                    foreach (var reply in _script(query))
                    {
                        replies.Add((byte)(reply.Message.Length >> 8));
                        replies.Add((byte)reply.Message.Length);
                        replies.AddRange(reply.Message);
                    }

                    if (replies.Count > 0)
                    {
                        await connection.SendAsync(replies.ToArray(), SocketFlags.None, _stop.Token);
                    }
                }
            }
            catch (SocketException)
            {
                // The client went away, perhaps in the middle of a flood: that is its right.
            }
        }
    }

    private async Task<bool> ReadExactlyAsync(Socket connection, byte[] buffer)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await connection.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }
}
