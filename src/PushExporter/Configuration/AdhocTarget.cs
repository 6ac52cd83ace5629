using System.Globalization;
using System.Text;
using PushExporter.Vocabulary;

namespace PushExporter.Configuration;

/// <summary>
/// Targets that are not in the configuration file: the <c>probe --access-edge-fqdn …</c>
/// options, and <c>/probe?target=host:port</c> when <c>allow_adhoc_targets</c> is on. Both are
/// written as the YAML of a one-target file and loaded by <see cref="ConfigLoader"/>, so an ad
/// hoc target is defaulted and validated exactly like a configured one.
/// </summary>
internal static class AdhocTarget
{
    /// <summary>The configuration of one ad hoc target; errors name the YAML key (<c>targets[0].port</c>).</summary>
    public static ConfigLoadResult Load(Values values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var yaml = new StringBuilder();
        yaml.Append("global:\n");
        yaml.Append("  timeout: ").Append(Quote(values.Timeout)).Append('\n');
        yaml.Append("  interval: ").Append(Quote(values.Timeout)).Append('\n');
        yaml.Append("  dns_servers: [").Append(string.Join(", ", values.DnsServers.Select(Quote))).Append("]\n");
        yaml.Append("targets:\n");
        yaml.Append("  - name: ").Append(Quote(values.Name ?? values.AccessEdgeFqdn)).Append('\n');
        Key("access_edge_fqdn", values.AccessEdgeFqdn);
        yaml.Append("    port: ").Append(values.Port.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Key("transport", values.Transport);
        Key("sip_domain", values.SipDomain);
        Key("external_edge_fqdn", values.ExternalEdgeFqdn);
        Key("push_proxy_uri", values.PushProxyUri);
        Key("from_uri", values.FromUri);
        Key("site", values.Site);
        Key("mcx_configuration_file", values.McxConfigurationFile);
        Key("im_filter_configuration_file", values.ImFilterConfigurationFile);
        if (values.TlsServerName is not null || values.TlsCaFile is not null || values.TlsClientCertificateFile is not null || values.TlsClientKeyFile is not null || values.TlsInsecureSkipVerify)
        {
            yaml.Append("    tls:\n");
            Key("  server_name", values.TlsServerName);
            Key("  ca_file", values.TlsCaFile);
            Key("  client_certificate_file", values.TlsClientCertificateFile);
            Key("  client_key_file", values.TlsClientKeyFile);
            yaml.Append("      insecure_skip_verify: ").Append(values.TlsInsecureSkipVerify ? "true" : "false").Append('\n');
        }

        return ConfigLoader.Parse(yaml.ToString(), "command line", Directory.GetCurrentDirectory());

        void Key(string key, string? value)
        {
            if (value is not null)
            {
                yaml.Append("    ").Append(key).Append(": ").Append(Quote(value)).Append('\n');
            }
        }
    }

    /// <summary>
    /// <c>host</c>, <c>host:port</c> or <c>[v6]:port</c> → a TLS target with the defaults, named
    /// <paramref name="value"/>; null with <paramref name="error"/> saying why when it is not one.
    /// </summary>
    public static TargetConfig? FromHostPort(string value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!TrySplitHostPort(value, out var host, out var port))
        {
            error = $"ad hoc target \"{value}\" is not a host or host:port";
            return null;
        }

        var loaded = Load(new Values { Name = value, AccessEdgeFqdn = host, Port = port });
        if (loaded.Config is null || loaded.Errors.Count > 0)
        {
            error = $"ad hoc target \"{value}\": {string.Join("; ", loaded.Errors.Select(e => e.Message))}";
            return null;
        }

        error = null;
        return loaded.Config.Targets[0];
    }

    private static bool TrySplitHostPort(string value, out string host, out int port)
    {
        port = TargetConfig.DefaultPort;
        host = value;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = value[1..close];
            return close + 1 == value.Length || (value[close + 1] == ':' && TryPort(value[(close + 2)..], out port));
        }

        var colon = value.LastIndexOf(':');
        if (colon > 0 && value.IndexOf(':', StringComparison.Ordinal) == colon)
        {
            host = value[..colon];
            return TryPort(value[(colon + 1)..], out port);
        }

        return host.Length > 0;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    // YAML single-quoted scalar: nothing is special inside but the quote itself, doubled.
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>What an ad hoc target is made of; every value as the configuration file would spell it.</summary>
    internal sealed record Values
    {
        /// <summary>The <c>target</c> label; null means <see cref="AccessEdgeFqdn"/>.</summary>
        public string? Name { get; init; }

        public required string AccessEdgeFqdn { get; init; }

        public int Port { get; init; } = TargetConfig.DefaultPort;

        public string Transport { get; init; } = "tls";

        public string? SipDomain { get; init; }

        public string? ExternalEdgeFqdn { get; init; }

        public string PushProxyUri { get; init; } = ClearingHouse.PushProxyUri;

        public string? FromUri { get; init; }

        public string? Site { get; init; }

        public string? McxConfigurationFile { get; init; }

        public string? ImFilterConfigurationFile { get; init; }

        public string? TlsServerName { get; init; }

        public string? TlsCaFile { get; init; }

        public string? TlsClientCertificateFile { get; init; }

        public string? TlsClientKeyFile { get; init; }

        public bool TlsInsecureSkipVerify { get; init; }

        public IReadOnlyList<string> DnsServers { get; init; } = [];

        public string Timeout { get; init; } = "10s";
    }
}
