using System.Globalization;
using System.Net;

namespace PushExporter.Hosting;

/// <summary><c>--web.listen-address</c>: <c>HOST:PORT</c>, <c>[V6]:PORT</c> or <c>:PORT</c> (every interface).</summary>
internal static class ListenAddress
{
    public static bool TryParse(string value, out IPEndPoint endPoint, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        endPoint = new IPEndPoint(IPAddress.Any, 0);
        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            error = $"\"{value}\" is not HOST:PORT or :PORT";
            return false;
        }

        var host = value[..colon].Trim('[', ']');
        IPAddress address;
        if (host.Length == 0 || host == "0.0.0.0")
        {
            address = IPAddress.Any;
        }
        else if (host == "localhost")
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address!))
        {
            error = $"\"{host}\" in \"{value}\" is not an IP address (use an address, localhost, or leave it empty for every interface)";
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        error = null;
        return true;
    }
}
