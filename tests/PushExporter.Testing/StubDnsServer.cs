using System.Net;
using System.Net.Sockets;

namespace PushExporter.Testing;

/// <summary>
/// A UDP "name server" on a free 127.0.0.1 port for the answers dnsmasq cannot be made to
/// give on demand: it either never answers (a timeout) or answers every query with one
/// response code (e.g. 2 = SERVFAIL) and no records.
/// </summary>
public sealed class StubDnsServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _queries;

    private StubDnsServer(int? responseCode)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = ServeAsync(responseCode);
    }

    /// <summary>Where to send queries.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>How many queries arrived.</summary>
    public int Queries => Volatile.Read(ref _queries);

    /// <summary>A server that receives queries and never answers.</summary>
    public static StubDnsServer Silent() => new(null);

    /// <summary>A server that answers every query with <paramref name="responseCode"/> (RFC 1035 RCODE, 0–15).</summary>
    public static StubDnsServer Answering(int responseCode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(responseCode);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(responseCode, 15);
        return new(responseCode);
    }

    /// <summary>Stops answering and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }
        catch (ObjectDisposedException)
        {
            // Or by the socket closing under it.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(int? responseCode)
    {
        var buffer = new byte[512];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            Interlocked.Increment(ref _queries);
            if (responseCode is not { } code || received.ReceivedBytes < 12)
            {
                continue;
            }

            // RFC 1035 §4.1.1: echo id and question; set QR and RA, keep RD, put the RCODE in the low nibble.
            var response = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            response[2] = (byte)(0x80 | (response[2] & 0x01));
            response[3] = (byte)(0x80 | code);
            response[6] = response[7] = response[8] = response[9] = response[10] = response[11] = 0;
            await _socket.SendToAsync(response, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
        }
    }
}
