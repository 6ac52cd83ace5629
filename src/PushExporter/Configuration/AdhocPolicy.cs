using System.Globalization;
using System.Net;

namespace PushExporter.Configuration;

/// <summary>
/// Where an ad hoc <c>/probe</c> target may connect (<c>global.adhoc_allowed_networks</c>,
/// <c>global.adhoc_allowed_ports</c>) and whether its trace may show what the peer sent
/// (<c>global.adhoc_debug_peer_bytes</c>). Without it, <c>allow_adhoc_targets</c> would make
/// <c>/probe</c> a port scanner of everything the exporter can reach, and a reader of the first
/// bytes of every service there. An address must lie in an allowed network; the ranges of
/// <see cref="Refused"/> (the exporter's own host, link-local, cloud metadata services) stay
/// refused unless an allowed network at least as specific as the range contains the address,
/// so the default <c>0.0.0.0/0</c> and <c>::/0</c> do not open them, but <c>127.0.0.1/32</c> does.
/// </summary>
internal sealed record AdhocPolicy
{
    /// <summary>SIP over TCP/UDP and over TLS.</summary>
    public static readonly IReadOnlyList<int> DefaultPorts = [5060, 5061];

    /// <summary>Every address, but for <see cref="Refused"/>.</summary>
    public static readonly IReadOnlyList<IPNetwork> DefaultNetworks = [IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("::/0")];

    /// <summary>The ranges an ad hoc target may reach only when an allowed network names them (or a part of them).</summary>
    public static readonly IReadOnlyList<(IPNetwork Range, string What)> Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "this host (connecting to it reaches the exporter's own loopback)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("::/128"), "the unspecified address (connecting to it reaches the exporter's own loopback)"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local, where cloud metadata services answer (169.254.169.254)"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fd00:ec2::254/128"), "the AWS instance metadata service"),
        (IPNetwork.Parse("100.100.100.200/32"), "the Alibaba Cloud instance metadata service"),
    ];

    public IReadOnlyList<IPNetwork> AllowedNetworks { get; init; } = DefaultNetworks;

    public IReadOnlyList<int> AllowedPorts { get; init; } = DefaultPorts;

    /// <summary>When false (the default), an ad hoc target's trace and errors withhold what the peer sent.</summary>
    public bool DebugPeerBytes { get; init; }

    /// <summary>
    /// Throws <see cref="AdhocTargetRefusedException"/> unless <paramref name="port"/> and every one
    /// of <paramref name="addresses"/> (what <paramref name="host"/> resolved to, or its literal) are allowed.
    /// </summary>
    public void Admit(string host, int port, IEnumerable<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(addresses);
        if (!AllowedPorts.Contains(port))
        {
            throw new AdhocTargetRefusedException(string.Create(CultureInfo.InvariantCulture, $"port {port} is not in global.adhoc_allowed_ports ({string.Join(", ", AllowedPorts)})"));
        }

        var literal = IPAddress.TryParse(host.Trim('[', ']'), out _);
        foreach (var address in addresses)
        {
            if (Refusal(address) is { } why)
            {
                throw new AdhocTargetRefusedException(literal ? $"{address} {why}" : $"{host} resolves to {address}, which {why}");
            }
        }
    }

    /// <summary>Null when <paramref name="address"/> is allowed; otherwise why not, as a clause after the address.</summary>
    public string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);

        // ::ffff:127.0.0.1 is 127.0.0.1 to the kernel: judged as what it reaches.
        var reached = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        var mostSpecific = -1;
        foreach (var network in AllowedNetworks)
        {
            if (network.Contains(reached) && network.PrefixLength > mostSpecific)
            {
                mostSpecific = network.PrefixLength;
            }
        }

        if (mostSpecific < 0)
        {
            return $"is not in global.adhoc_allowed_networks ({string.Join(", ", AllowedNetworks)})";
        }

        foreach (var (range, what) in Refused)
        {
            if (range.Contains(reached) && mostSpecific < range.PrefixLength)
            {
                return $"is {what} ({range}): an ad hoc target may reach it only when global.adhoc_allowed_networks names that range or a part of it";
            }
        }

        return null;
    }
}
