using System.Text.RegularExpressions;
using PushExporter.Configuration.Lync;
using PushExporter.Sip.Message;
using PushExporter.Sip.Transport;
using PushExporter.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace PushExporter.Configuration;

/// <summary>One entry of <c>targets</c>: defaults filled in, every value checked.</summary>
internal static partial class TargetParser
{
    public static TargetConfig? Parse(
        MappingReader reader,
        GlobalConfig global,
        IReadOnlyDictionary<string, ModuleConfig> modules,
        string baseDirectory,
        ConfigErrorList errors)
    {
        var before = errors.Count;

        var name = reader.GetString("name");
        if (name is null)
        {
            reader.Error("name", "is required");
        }
        else if (!IsLabelValue(name))
        {
            reader.Error("name", $"\"{name}\" is not usable as the target label: it must be non-empty, without control characters or surrounding spaces");
        }

        var accessEdge = reader.GetString("access_edge_fqdn");
        if (accessEdge is null)
        {
            reader.Error("access_edge_fqdn", "is required");
        }
        else if (!HostSyntax.IsHostOrIp(accessEdge))
        {
            reader.Error("access_edge_fqdn", $"\"{accessEdge}\" is neither a host name nor an IP address");
        }

        var port = reader.GetInt("port") ?? TargetConfig.DefaultPort;
        if (port is < 1 or > 65535)
        {
            reader.Error("port", $"{port} is not a port number (1-65535)");
        }

        var transport = SipTransportKind.Tls;
        switch (reader.GetString("transport"))
        {
            case null or "tls":
                break;
            case "tcp":
                transport = SipTransportKind.Tcp;
                break;
            case "udp":
                transport = SipTransportKind.Udp;
                break;
            case var other:
                reader.Error("transport", $"\"{other}\" is not a transport: use tls, tcp or udp");
                break;
        }

        var sipDomain = HostName(reader, "sip_domain");
        var externalEdge = HostName(reader, "external_edge_fqdn");
        var pushProxyUri = ParseSipUri(reader, "push_proxy_uri");
        var fromUri = ParseSipUri(reader, "from_uri");

        var site = reader.GetString("site");
        if (site is not null && (site.Length == 0 || site.Trim().Length != site.Length))
        {
            reader.Error("site", $"\"{site}\" must be a non-empty site name without surrounding spaces");
        }

        var module = reader.GetString("module") ?? BuiltInModules.PushRouteName;
        if (!modules.ContainsKey(module))
        {
            reader.Error("module", $"unknown module \"{module}\": defined are {string.Join(", ", modules.Keys.Order(StringComparer.Ordinal))}");
        }

        var interval = reader.GetDuration("interval");
        if (interval is { } ownInterval && ownInterval < global.Timeout)
        {
            reader.Error("interval", $"{DurationParser.Format(ownInterval)} is shorter than global.timeout ({DurationParser.Format(global.Timeout)})");
        }

        var mcxFile = reader.GetFilePath(LyncExport.Mcx.OverrideKey, baseDirectory, mustExist: false);
        var imFilterFile = reader.GetFilePath(LyncExport.ImFilter.OverrideKey, baseDirectory, mustExist: false);
        var exportDirectory = reader.GetFilePath("lync_export_dir", baseDirectory, mustExist: false);
        var pushNotificationFile = reader.GetFilePath(LyncExport.PushNotification.OverrideKey, baseDirectory, mustExist: false);
        var accessEdgeFile = reader.GetFilePath(LyncExport.AccessEdge.OverrideKey, baseDirectory, mustExist: false);
        var hostingProvidersFile = reader.GetFilePath(LyncExport.HostingProviders.OverrideKey, baseDirectory, mustExist: false);
        var allowedDomainsFile = reader.GetFilePath(LyncExport.AllowedDomains.OverrideKey, baseDirectory, mustExist: false);
        var frontEndPool = HostName(reader, "front_end_pool");
        var pushServices = ParsePushServices(reader);

        TlsConfig? tls = null;
        if (reader.Get("tls") is { } tlsNode)
        {
            if (transport != SipTransportKind.Tls)
            {
                reader.Error("tls", $"only applies to transport tls, but this target uses {transport.ToString().ToLowerInvariant()}");
            }
            else if (MappingReader.Open(tlsNode, reader.KeyPath("tls"), errors) is { } tlsReader)
            {
                tls = ParseTls(tlsReader, baseDirectory);
            }
        }

        var externalTls = ParseExternalTls(reader, externalEdge ?? accessEdge, baseDirectory);

        reader.ReportUnknownKeys();
        if (errors.Count != before)
        {
            return null;
        }

        return new TargetConfig
        {
            Name = name!,
            AccessEdgeFqdn = accessEdge!,
            Port = port,
            Transport = transport,
            SipDomain = sipDomain,
            ExternalEdgeFqdn = externalEdge ?? accessEdge!,
            PushProxyUri = pushProxyUri ?? TargetConfig.DefaultPushProxyUri,
            FromUri = fromUri ?? DefaultFromUri(sipDomain ?? accessEdge!),
            Site = site,
            Module = module,
            Interval = interval,
            McxConfigurationFile = mcxFile,
            ImFilterConfigurationFile = imFilterFile,
            LyncExportDirectory = exportDirectory,
            FrontEndPool = frontEndPool,
            PushServices = pushServices,
            PushNotificationConfigurationFile = pushNotificationFile,
            AccessEdgeConfigurationFile = accessEdgeFile,
            HostingProvidersFile = hostingProvidersFile,
            AllowedDomainsFile = allowedDomainsFile,
            Tls = tls,
            ExternalTls = externalTls,
        };
    }

    // external_tls_port and external_tls_ca_file may stay in place while the check is switched off.
    private static ExternalTlsConfig? ParseExternalTls(MappingReader reader, string? externalEdge, string baseDirectory)
    {
        var port = reader.GetInt("external_tls_port") ?? ExternalTlsConfig.DefaultPort;
        if (port is < 1 or > 65535)
        {
            reader.Error("external_tls_port", $"{port} is not a port number (1-65535)");
        }

        var caFile = reader.GetFilePath("external_tls_ca_file", baseDirectory, mustExist: true);
        if (reader.GetBool("external_tls_check") is not true)
        {
            return null;
        }

        // The clearing house reaches the external interface by the name the SRV record gives and checks the certificate against it.
        if (externalEdge is not null && HostSyntax.IsIpLiteral(externalEdge))
        {
            reader.Error("external_tls_check", $"needs external_edge_fqdn as a host name, not the address {externalEdge}: the certificate is checked against the name the clearing house uses");
        }

        return new ExternalTlsConfig { Port = port, CaFile = caFile };
    }

    private static TlsConfig ParseTls(MappingReader reader, string baseDirectory)
    {
        var serverName = HostName(reader, "server_name");
        var caFile = reader.GetFilePath("ca_file", baseDirectory, mustExist: true);
        var certificate = reader.GetFilePath("client_certificate_file", baseDirectory, mustExist: true);
        var key = reader.GetFilePath("client_key_file", baseDirectory, mustExist: true);
        var hasCertificate = reader.Get("client_certificate_file") is not null;
        if (hasCertificate != (reader.Get("client_key_file") is not null))
        {
            var (present, missing) = hasCertificate
                ? ("client_certificate_file", "client_key_file")
                : ("client_key_file", "client_certificate_file");
            reader.Error(present, $"needs {missing} as well: a client certificate and its key are given together");
        }

        var insecure = reader.GetBool("insecure_skip_verify") ?? false;
        reader.ReportUnknownKeys();
        return new TlsConfig
        {
            ServerName = serverName,
            CaFile = caFile,
            ClientCertificateFile = certificate,
            ClientKeyFile = key,
            InsecureSkipVerify = insecure,
        };
    }

    // push_services: a non-empty list of apple, microsoft; absent means at least one of them.
    private static PushServices? ParsePushServices(MappingReader reader)
    {
        if (reader.GetSequence("push_services") is not { } list)
        {
            return null;
        }

        var services = PushServices.None;
        foreach (var item in list.Children)
        {
            services |= item is YamlScalarNode { Value: { } name } ? name switch
            {
                "apple" => PushServices.Apple,
                "microsoft" => PushServices.Microsoft,
                _ => Unknown(MappingReader.Describe(item)),
            } : Unknown(MappingReader.Describe(item));
        }

        if (list.Children.Count == 0)
        {
            reader.Error("push_services", "must name at least one of apple, microsoft (leave it out to require at least one of them)");
        }

        return services;

        PushServices Unknown(string found)
        {
            reader.Error("push_services", $"{found} is not a push notification service: use apple or microsoft");
            return PushServices.None;
        }
    }

    private static string? HostName(MappingReader reader, string key)
    {
        var value = reader.GetString(key);
        if (value is not null && !HostSyntax.IsHostName(value))
        {
            reader.Error(key, $"\"{value}\" is not a host name");
            return null;
        }

        return value;
    }

    /// <summary>The From URI of a target without <c>from_uri</c>: <c>sip:pushexporter@</c> its SIP domain, or the Edge.</summary>
    public static SipUri DefaultFromUri(string host) => SipUri.Parse($"sip:pushexporter@{HostSyntax.ForUri(host)}");

    // Parsed once, here: the probe uses the parsed URI, so what loads is exactly what is sent.
    private static SipUri? ParseSipUri(MappingReader reader, string key)
    {
        var value = reader.GetString(key);
        if (value is null)
        {
            return null;
        }

        if (!SipUri.TryParse(value, out var uri, out var error))
        {
            reader.Error(key, $"\"{value}\" is not a sip: or sips: URI such as {ClearingHouse.PushProxyUri}: {error}");
            return null;
        }

        return uri;
    }

    // Prometheus accepts any UTF-8 label value; these rules keep names readable and unambiguous in queries and URLs.
    private static bool IsLabelValue(string name) =>
        name.Length > 0 && name.Trim().Length == name.Length && !ControlCharacterPattern().IsMatch(name);

    [GeneratedRegex(@"\p{C}", RegexOptions.CultureInvariant)]
    private static partial Regex ControlCharacterPattern();
}
