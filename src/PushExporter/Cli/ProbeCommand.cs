using System.CommandLine;
using PushExporter.Configuration;
using PushExporter.Probing;

namespace PushExporter.Cli;

/// <summary>
/// <c>pushexporter probe</c>: one run, printed like Test-CsMcxPushNotification (or as JSON),
/// either for a configured target (<c>--target</c>) or ad hoc (<c>--access-edge-fqdn</c>).
/// Exit 0 on success, 1 on a failed probe, 2 on bad usage or configuration.
/// </summary>
internal static class ProbeCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var config = CommandLine.ConfigFileOption();
        var target = new Option<string>("--target") { Description = "A target name from the configuration." };
        var module = new Option<string>("--module") { Description = "The module to use instead of the target's." };
        var format = new Option<string>("--output") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var edge = new Option<string>("--access-edge-fqdn") { Description = "Ad hoc: the Access Edge to probe (FQDN or IP address)." };
        var port = new Option<int>("--port") { Description = "Ad hoc: the Edge's SIP port.", DefaultValueFactory = _ => TargetConfig.DefaultPort };
        var transport = new Option<string>("--transport") { Description = "Ad hoc: tls, tcp or udp.", DefaultValueFactory = _ => "tls" };
        transport.AcceptOnlyFromAmong("tls", "tcp", "udp");
        var sipDomain = new Option<string>("--sip-domain") { Description = "Ad hoc: the SIP domain whose federation SRV record is checked." };
        var externalEdge = new Option<string>("--external-edge-fqdn") { Description = "Ad hoc: what the SRV record must point to (default: the Access Edge)." };
        var proxyUri = new Option<string>("--push-proxy-uri") { Description = "Ad hoc: the request URI.", DefaultValueFactory = _ => TargetConfig.DefaultPushProxyUri };
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
            TargetConfig probeTarget;
            if (name is not null)
            {
                var path = parsed.GetValue(config) ?? CommandLine.DefaultConfigFile;
                var loaded = ConfigLoader.Load(path);
                if (loaded.Config is null || loaded.Errors.Count > 0)
                {
                    CommandLine.PrintErrors(error, loaded.Errors);
                    return ExitCodes.BadUsage;
                }

                exporterConfig = loaded.Config;
                var found = exporterConfig.Targets.FirstOrDefault(t => t.Name == name);
                if (found is null)
                {
                    await error.WriteLineAsync($"probe: no target named \"{name}\" in {path}; configured: {string.Join(", ", exporterConfig.Targets.Select(t => t.Name))}").ConfigureAwait(false);
                    return ExitCodes.BadUsage;
                }

                probeTarget = found;
            }
            else
            {
                var adhoc = AdhocConfig.Build(new AdhocConfig.Values
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
                if (adhoc.Errors.Count > 0)
                {
                    foreach (var problem in adhoc.Errors)
                    {
                        await error.WriteLineAsync($"probe: {problem}").ConfigureAwait(false);
                    }

                    return ExitCodes.BadUsage;
                }

                (exporterConfig, probeTarget) = (adhoc.Config!, adhoc.Target!);
            }

            var moduleName = parsed.GetValue(module);
            if (moduleName is not null && !exporterConfig.Modules.ContainsKey(moduleName))
            {
                await error.WriteLineAsync($"probe: unknown module \"{moduleName}\"; modules: {string.Join(", ", exporterConfig.Modules.Keys)}").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            var result = await new ProbeRunner(TimeProvider.System).RunAsync(exporterConfig, probeTarget, moduleName, null, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(parsed.GetValue(format) == "json" ? ProbeReport.Json(result) + "\n" : ProbeReport.Text(result)).ConfigureAwait(false);
            return result.Success ? ExitCodes.Success : ExitCodes.ProbeFailed;
        });
        return command;
    }
}
