using System.CommandLine;
using PushExporter.Configuration;
using PushExporter.Probing;
using PushExporter.Sip.Transaction;
using PushExporter.Vocabulary;

namespace PushExporter.Cli;

/// <summary>
/// <c>pushexporter probe</c>: one run, printed like Test-CsMcxPushNotification (or as JSON),
/// either for a configured target (<c>--target</c>) or ad hoc (<c>--access-edge-fqdn</c>).
/// Exit 0 on success, 1 on a failed probe, 2 on bad usage or configuration.
/// </summary>
internal static class ProbeCommand
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

    public static Command Build(TextWriter output, TextWriter error)
    {
        var config = CommandLine.ConfigFileOption();
        var target = new Option<string>("--target") { Description = "A target name from the configuration." };
        var module = new Option<string>("--module") { Description = "The module to use instead of the target's." };
        var format = new Option<string>("--output") { Description = "The report's format: the cmdlet's text, or one JSON object.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var edge = new Option<string>("--access-edge-fqdn") { Description = "Ad hoc: the Access Edge to probe (FQDN or IP address)." };
        var port = new Option<int>("--port") { Description = "Ad hoc: the Edge's SIP port.", DefaultValueFactory = _ => TargetConfig.DefaultPort };
        var transport = new Option<string>("--transport") { Description = "Ad hoc: the SIP transport.", DefaultValueFactory = _ => "tls" };
        transport.AcceptOnlyFromAmong("tls", "tcp", "udp");
        var sipDomain = new Option<string>("--sip-domain") { Description = "Ad hoc: the SIP domain whose federation SRV record is checked." };
        var externalEdge = new Option<string>("--external-edge-fqdn") { Description = "Ad hoc: what the SRV record must point to (default: the Access Edge)." };
        var proxyUri = new Option<string>("--push-proxy-uri") { Description = "Ad hoc: the request URI.", DefaultValueFactory = _ => ClearingHouse.PushProxyUri };
        var fromUri = new Option<string>("--from-uri") { Description = "Ad hoc: the From URI." };
        var site = new Option<string>("--site") { Description = "Ad hoc: picks site-scoped settings of the Lync exports." };
        var mcx = new Option<string>("--mcx-configuration-file") { Description = "Ad hoc: Get-CsMcxConfiguration | ConvertTo-Json output." };
        var imFilter = new Option<string>("--im-filter-configuration-file") { Description = "Ad hoc: Get-CsImFilterConfiguration | ConvertTo-Json output." };
        var serverName = new Option<string>("--tls-server-name") { Description = "Ad hoc: SNI and expected certificate name." };
        var caFile = new Option<string>("--tls-ca-file") { Description = "Ad hoc: PEM CA bundle to trust instead of the system store." };
        var clientCert = new Option<string>("--tls-client-certificate-file") { Description = "Ad hoc: PEM client certificate." };
        var clientKey = new Option<string>("--tls-client-key-file") { Description = "Ad hoc: PEM key of the client certificate." };
        var insecure = new Option<bool>("--tls-insecure-skip-verify") { Description = "Ad hoc: accept any certificate." };
        var dnsServers = new Option<string[]>("--dns-server") { Description = "Ad hoc: name server HOST:PORT (repeatable); default the system resolvers.", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<string>("--timeout") { Description = "Ad hoc: probe timeout (Prometheus duration).", DefaultValueFactory = _ => "10s" };

        var command = new Command("probe", "Probe one target once and print the result like Test-CsMcxPushNotification.")
        {
            config, target, module, format, edge, port, transport, sipDomain, externalEdge, proxyUri, fromUri, site, mcx, imFilter,
            serverName, caFile, clientCert, clientKey, insecure, dnsServers, timeout,
        };

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var name = parsed.GetValue(target);
            var adhocEdge = parsed.GetValue(edge);
            if ((name is null) == (adhocEdge is null))
            {
                await error.WriteLineAsync("probe: give exactly one of --target NAME (from --config.file) or --access-edge-fqdn FQDN").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            ExporterConfig exporterConfig;
            string targetName;
            if (name is not null)
            {
                var path = parsed.GetValue(config)!;
                var loaded = ConfigLoader.Load(path);
                if (loaded.Config is null || loaded.Errors.Count > 0)
                {
                    CommandLine.PrintErrors(error, loaded.Errors);
                    return ExitCodes.BadUsage;
                }

                (exporterConfig, targetName) = (loaded.Config, name);
            }
            else
            {
                var adhoc = AdhocTarget.Load(new AdhocTarget.Values
                {
                    AccessEdgeFqdn = adhocEdge!,
                    Port = parsed.GetValue(port),
                    Transport = parsed.GetValue(transport)!,
                    SipDomain = parsed.GetValue(sipDomain),
                    ExternalEdgeFqdn = parsed.GetValue(externalEdge),
                    PushProxyUri = parsed.GetValue(proxyUri)!,
                    FromUri = parsed.GetValue(fromUri),
                    Site = parsed.GetValue(site),
                    McxConfigurationFile = parsed.GetValue(mcx),
                    ImFilterConfigurationFile = parsed.GetValue(imFilter),
                    TlsServerName = parsed.GetValue(serverName),
                    TlsCaFile = parsed.GetValue(caFile),
                    TlsClientCertificateFile = parsed.GetValue(clientCert),
                    TlsClientKeyFile = parsed.GetValue(clientKey),
                    TlsInsecureSkipVerify = parsed.GetValue(insecure),
                    DnsServers = parsed.GetValue(dnsServers) ?? [],
                    Timeout = parsed.GetValue(timeout)!,
                });
                if (adhoc.Config is null || adhoc.Errors.Count > 0)
                {
                    foreach (var problem in adhoc.Errors)
                    {
                        await error.WriteLineAsync($"probe: {OptionOf(problem)}").ConfigureAwait(false);
                    }

                    return ExitCodes.BadUsage;
                }

                (exporterConfig, targetName) = (adhoc.Config, adhoc.Config.Targets[0].Name);
            }

            var moduleName = parsed.GetValue(module);
            var probeTarget = TargetLookup.Find(exporterConfig, targetName, moduleName, allowAdhoc: false, out var lookupError);
            if (probeTarget is null)
            {
                await error.WriteLineAsync($"probe: {lookupError}").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            // A fresh process would otherwise measure its own first-use costs (JIT, socket engine) as SIP round trip.
            await SipWarmUp.RunAsync(probeTarget.Transport, cancellationToken).ConfigureAwait(false);
            var result = await new ProbeRunner(TimeProvider.System).RunAsync(exporterConfig, probeTarget, moduleName, null, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(parsed.GetValue(format) == "json" ? ProbeReport.Json(result) + "\n" : ProbeReport.Text(result)).ConfigureAwait(false);
            return result.Success ? ExitCodes.Success : ExitCodes.ProbeFailed;
        });
        return command;
    }

    // An ad hoc target's errors name the YAML key it was written to; the user typed an option.
    private static string OptionOf(ConfigError error)
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
}
