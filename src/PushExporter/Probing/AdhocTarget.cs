using System.Globalization;
using PushExporter.Configuration;

namespace PushExporter.Probing;

/// <summary>Targets that are not in the configuration: /probe with allow_adhoc_targets, and the CLI's ad hoc probe.</summary>
internal static class AdhocTarget
{
    /// <summary><c>host</c>, <c>host:port</c> or <c>[v6]:port</c> → a TLS target with the defaults; null if malformed.</summary>
    public static TargetConfig? FromHostPort(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string host;
        var port = TargetConfig.DefaultPort;
        var colon = value.LastIndexOf(':');
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            host = value[1..close];
            if (close + 1 < value.Length && (value[close + 1] != ':' || !TryPort(value[(close + 2)..], out port)))
            {
                return null;
            }
        }
        else if (colon > 0 && value.IndexOf(':', StringComparison.Ordinal) == colon)
        {
            host = value[..colon];
            if (!TryPort(value[(colon + 1)..], out port))
            {
                return null;
            }
        }
        else
        {
            host = value;
        }

        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '?' or '#' or '@'))
        {
            return null;
        }

        return Create(value, host, port, SipTransport.Tls, sipDomain: null);
    }

    public static TargetConfig Create(string name, string accessEdgeFqdn, int port, SipTransport transport, string? sipDomain, string? externalEdgeFqdn = null, string? fromUri = null) => new()
    {
        Name = name,
        AccessEdgeFqdn = accessEdgeFqdn,
        Port = port,
        Transport = transport,
        SipDomain = sipDomain,
        ExternalEdgeFqdn = externalEdgeFqdn ?? accessEdgeFqdn,
        FromUri = fromUri ?? $"sip:pushexporter@{HostSyntax.ForUri(sipDomain ?? accessEdgeFqdn)}",
    };

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
}
