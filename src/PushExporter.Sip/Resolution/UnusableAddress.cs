using System.Net;
using System.Net.Sockets;

namespace PushExporter.Sip.Resolution;

/// <summary>Addresses DNS may hand out but a probe never connects to.</summary>
internal static class UnusableAddress
{
    /// <summary>Why <paramref name="address"/> is no place to connect to, or null when it is one.</summary>
    public static string? Reason(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.Equals(IPAddress.IPv6Any) ? "the unspecified address"
                : address.IsIPv6Multicast ? "a multicast address"
                : null;
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        // RFC 1122 §3.2.1.3: 0.0.0.0/8 is "this host on this network", a source, never a destination (Linux connects it to itself).
        return bytes[0] == 0 ? (address.Equals(IPAddress.Any) ? "the unspecified address" : "in 0.0.0.0/8, \"this network\"")
            : address.Equals(IPAddress.Broadcast) ? "the broadcast address"
            : bytes[0] is >= 224 and <= 239 ? "a multicast address"
            : null;
    }
}
