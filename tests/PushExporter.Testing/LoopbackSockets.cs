using System.Globalization;

namespace PushExporter.Testing;

/// <summary>
/// The IPv4 sockets bound on this host, read from Linux's /proc/net tables. Checking there
/// (rather than by connecting or binding) sees a listener without disturbing it: a probe
/// connection would show up in the peer's log and a bind attempt can race with the peer.
/// </summary>
internal static class LoopbackSockets
{
    private const string TcpListenState = "0A";
    private const string UdpUnconnectedState = "07";

    public static HashSet<int> TcpListeners() => Read("/proc/net/tcp", TcpListenState);

    public static HashSet<int> UdpBound() => Read("/proc/net/udp", UdpUnconnectedState);

    private static HashSet<int> Read(string table, string state)
    {
        var ports = new HashSet<int>();
        foreach (var line in File.ReadLines(table).Skip(1))
        {
            // "  sl  local_address rem_address   st ..." with local_address as "0100007F:13C4".
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3 && fields[3] == state)
            {
                var local = fields[1];
                var colon = local.IndexOf(':', StringComparison.Ordinal);
                ports.Add(int.Parse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return ports;
    }
}
