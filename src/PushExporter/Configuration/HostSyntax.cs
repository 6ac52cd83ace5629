using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace PushExporter.Configuration;

/// <summary>Local syntax checks for host names, IP literals and <c>host:port</c>.</summary>
internal static partial class HostSyntax
{
    /// <summary>RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens.</summary>
    public static bool IsHostName(string text) =>
        text.Length <= 253 && HostNamePattern().IsMatch(text) && !AllNumericPattern().IsMatch(text);

    /// <summary>A dotted-quad IPv4 address or an IPv6 address, bracketed or not.</summary>
    public static bool IsIpLiteral(string text)
    {
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            return IPAddress.TryParse(text.AsSpan(1, text.Length - 2), out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }

        // IPAddress.TryParse also takes "1" or "1.2" as IPv4; only a dotted quad is meant here.
        return IPAddress.TryParse(text, out var address)
            && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3);
    }

    public static bool IsHostOrIp(string text) => IsIpLiteral(text) || IsHostName(text);

    /// <summary>Brackets an IPv6 literal so that it can be written in a URI.</summary>
    public static string ForUri(string host) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;

    /// <summary><c>host:port</c> with a port of 1–65535; IPv6 hosts in brackets.</summary>
    public static bool IsHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        var host = text[..colon];
        var port = text[(colon + 1)..];
        var hostOk = host.StartsWith('[') ? IsIpLiteral(host) : !host.Contains(':', StringComparison.Ordinal) && IsHostOrIp(host);
        return hostOk
            && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number is >= 1 and <= 65535;
    }

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostNamePattern();

    // "1.2.3" or "300.1.1.1" are neither names nor addresses.
    [GeneratedRegex(@"^[0-9.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AllNumericPattern();
}
