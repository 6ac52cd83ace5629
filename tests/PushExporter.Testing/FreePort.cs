using System.Net;
using System.Net.Sockets;

namespace PushExporter.Testing;

/// <summary>
/// Hands out free TCP and UDP ports on 127.0.0.1. A number is never handed out twice in one
/// process, whatever its protocol, so a peer that routes by received port (Kamailio's
/// <c>$Rp</c>) can tell every listener apart.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> _handedOut = [];
    private static readonly Lock _gate = new();

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int Tcp() => Next(SocketType.Stream, ProtocolType.Tcp);

    /// <summary>A UDP port on 127.0.0.1 that nothing is bound to right now.</summary>
    public static int Udp() => Next(SocketType.Dgram, ProtocolType.Udp);

    /// <summary>A port free for both TCP and UDP (dnsmasq listens on both).</summary>
    public static int TcpAndUdp()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Tcp();
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP by someone else: try another number.
            }
        }

        throw new InvalidOperationException("no port on 127.0.0.1 is free for both TCP and UDP after 100 attempts");
    }

    private static int Next(SocketType type, ProtocolType protocol)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            lock (_gate)
            {
                if (_handedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("the system kept handing out ports already given to this process");
    }
}
