using System.Globalization;
using System.Net;

namespace PushExporter.Sip.Resolution;

/// <summary>Which name servers <see cref="SipDnsResolver"/> asks and how patiently.</summary>
public sealed record DnsResolverOptions
{
    /// <summary>The default DNS port.</summary>
    public const int DefaultPort = 53;

    /// <summary>The servers to ask, in order; empty means the system's resolvers.</summary>
    public IReadOnlyList<IPEndPoint> NameServers { get; init; } = [];

    /// <summary>How long to wait for each attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How many times to ask again after a timeout.</summary>
    public int Retries { get; init; } = 1;

    /// <summary>
    /// Parses a name server as configured: <c>127.0.0.1:5353</c>, <c>[::1]:53</c>, <c>10.0.0.1</c>
    /// or <c>::1</c> (port 53 when none is given). Host names are not accepted: resolving the
    /// resolver would need a resolver.
    /// </summary>
    /// <exception cref="FormatException">The value is not an IP address with an optional port; the message names it.</exception>
    public static IPEndPoint ParseNameServer(string hostPort)
    {
        ArgumentNullException.ThrowIfNull(hostPort);
        var value = hostPort.Trim();
        if (IPAddress.TryParse(value, out var bare) && !value.StartsWith('['))
        {
            return new IPEndPoint(bare, DefaultPort);
        }

        string host;
        string? port = null;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid(hostPort);
            }

            host = value[1..close];
            var rest = value[(close + 1)..];
            if (rest.Length > 0)
            {
                port = rest.StartsWith(':') ? rest[1..] : throw Invalid(hostPort);
            }

            if (!host.Contains(':', StringComparison.Ordinal))
            {
                throw Invalid(hostPort);
            }
        }
        else
        {
            var colon = value.LastIndexOf(':');
            if (colon < 0)
            {
                throw Invalid(hostPort);
            }

            host = value[..colon];
            port = value[(colon + 1)..];
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            throw Invalid(hostPort);
        }

        var number = DefaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            throw Invalid(hostPort);
        }

        return new IPEndPoint(address, number);
    }

    private static FormatException Invalid(string value) =>
        new($"invalid name server \"{value}\": expected an IP address with an optional port, such as 127.0.0.1:5353, [::1]:53 or 10.0.0.1");
}
