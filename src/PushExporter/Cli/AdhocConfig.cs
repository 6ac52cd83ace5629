using System.Text;
using PushExporter.Configuration;

namespace PushExporter.Cli;

/// <summary>
/// Turns <c>probe --access-edge-fqdn …</c> options into a one-target configuration by writing
/// the equivalent YAML and loading it with <see cref="ConfigLoader"/>, so an ad hoc probe is
/// validated exactly like a configured one; errors name the command-line option.
/// </summary>
internal static class AdhocConfig
{
    private static readonly (string Key, string Option)[] _optionNames =
    [
        ("global.timeout", "--timeout"),
        ("global.dns_servers", "--dns-server"),
        ("targets[0].access_edge_fqdn", "--access-edge-fqdn"),
        ("targets[0].port", "--port"),
        ("targets[0].transport", "--transport"),
        ("targets[0].sip_domain", "--sip-domain"),
        ("targets[0].external_edge_fqdn", "--external-edge-fqdn"),
        ("targets[0].push_proxy_uri", "--push-proxy-uri"),
        ("targets[0].from_uri", "--from-uri"),
        ("targets[0].site", "--site"),
        ("targets[0].mcx_configuration_file", "--mcx-configuration-file"),
        ("targets[0].im_filter_configuration_file", "--im-filter-configuration-file"),
        ("targets[0].tls.server_name", "--tls-server-name"),
        ("targets[0].tls.ca_file", "--tls-ca-file"),
        ("targets[0].tls.client_certificate_file", "--tls-client-certificate-file"),
        ("targets[0].tls.client_key_file", "--tls-client-key-file"),
        ("targets[0].tls", "--tls-*"),
    ];

    public static Result Build(Values values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var yaml = new StringBuilder();
        yaml.Append("global:\n");
        yaml.Append("  timeout: ").Append(Quote(values.Timeout)).Append('\n');
        yaml.Append("  interval: ").Append(Quote(values.Timeout)).Append('\n');
        yaml.Append("  dns_servers: [").Append(string.Join(", ", values.DnsServers.Select(Quote))).Append("]\n");
        yaml.Append("targets:\n");
        yaml.Append("  - name: ").Append(Quote(values.AccessEdgeFqdn)).Append('\n');
        Key("access_edge_fqdn", values.AccessEdgeFqdn);
        yaml.Append("    port: ").Append(values.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
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

        var loaded = ConfigLoader.Parse(yaml.ToString(), "command line", Directory.GetCurrentDirectory());
        if (loaded.Config is null || loaded.Errors.Count > 0)
        {
            return new Result(null, null, [.. loaded.Errors.Select(Describe)]);
        }

        return new Result(loaded.Config, loaded.Config.Targets[0], []);

        void Key(string key, string? value)
        {
            if (value is not null)
            {
                yaml.Append("    ").Append(key).Append(": ").Append(Quote(value)).Append('\n');
            }
        }
    }

    // YAML single-quoted scalar: nothing is special inside but the quote itself, doubled.
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Describe(ConfigError error)
    {
        foreach (var (key, option) in _optionNames)
        {
            if (error.Key.StartsWith(key, StringComparison.Ordinal))
            {
                return $"{option}: {error.Message}";
            }
        }

        return error.Key.Length == 0 ? error.Message : $"{error.Key}: {error.Message}";
    }

    internal sealed record Result(ExporterConfig? Config, TargetConfig? Target, IReadOnlyList<string> Errors);

    internal sealed record Values
    {
        public required string AccessEdgeFqdn { get; init; }

        public int Port { get; init; } = TargetConfig.DefaultPort;

        public string Transport { get; init; } = "tls";

        public string? SipDomain { get; init; }

        public string? ExternalEdgeFqdn { get; init; }

        public string PushProxyUri { get; init; } = TargetConfig.DefaultPushProxyUri;

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
