using System.Text.RegularExpressions;

namespace PushExporter.Configuration;

/// <summary>
/// A structural check of <c>sip:</c>/<c>sips:</c> URIs (RFC 3261 §19.1.1: optional user part,
/// host, optional port, parameters, headers), enough to reject typos at load time.
/// </summary>
internal static partial class SipUriSyntax
{
    public static bool IsValid(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var host = match.Groups["host"].Value;
        var port = match.Groups["port"];
        return HostSyntax.IsHostOrIp(host)
            && (!port.Success || (int.TryParse(port.Value, out var number) && number is >= 1 and <= 65535));
    }

    [GeneratedRegex(
        @"^(?i:sips?):(?:[^@\s:;?]+(?::[^@\s;?]*)?@)?(?<host>\[[0-9A-Fa-f:.]+\]|[^\s:;?\[\]@]+)(?::(?<port>[0-9]{1,5}))?(?:;[^\s?]*)?(?:\?\S*)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
