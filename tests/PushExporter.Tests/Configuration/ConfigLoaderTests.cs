using PushExporter.Classification;
using PushExporter.Configuration;
using PushExporter.Configuration.Lync;
using PushExporter.Sip.Message;
using PushExporter.Sip.Transport;

namespace PushExporter.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void Loads_the_example_of_the_product_definition()
    {
        var result = ConfigLoader.Load(Fixture.Path("valid.yml"));

        Assert.Empty(result.Errors);
        var config = Assert.IsType<ExporterConfig>(result.Config);
        Assert.Equal(TimeSpan.FromSeconds(60), config.Global.Interval);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Global.Timeout);
        Assert.Empty(config.Global.DnsServers);
        Assert.False(config.Global.AllowAdhocTargets);
        Assert.Equal(["push_message", "push_route"], config.Modules.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(BuiltInModules.PushRoute, config.Modules["push_route"]);

        var target = Assert.Single(config.Targets);
        var expected = new TargetConfig
        {
            Name = "atl-edge",
            AccessEdgeFqdn = "atl-edge-001.litwareinc.com",
            Port = 5061,
            Transport = SipTransportKind.Tls,
            SipDomain = "litwareinc.com",
            ExternalEdgeFqdn = "sip.litwareinc.com",
            PushProxyUri = SipUri.Parse("sip:push@push.lync.com"),
            FromUri = SipUri.Parse("sip:pushexporter@litwareinc.com"),
            Site = "Redmond",
            Module = "push_route",
            Interval = TimeSpan.FromSeconds(30),
            McxConfigurationFile = Fixture.Path("exports", "mcx.json"),
            ImFilterConfigurationFile = Fixture.Path("exports", "imfilter.json"),
            Tls = new TlsConfig
            {
                ServerName = "atl-edge-001.litwareinc.com",
                CaFile = Fixture.Path("certs", "ca.pem"),
                ClientCertificateFile = Fixture.Path("certs", "probe.pem"),
                ClientKeyFile = Fixture.Path("certs", "probe.key"),
                InsecureSkipVerify = false,
            },
        };
        Assert.Equal(expected, target);
    }

    [Fact]
    public void Reads_the_ad_hoc_allow_lists_and_the_probe_request_limit()
    {
        var result = ConfigLoader.Load(Fixture.Path("adhoc.yml"));

        Assert.Empty(result.Errors);
        var global = Assert.IsType<ExporterConfig>(result.Config).Global;
        Assert.Equal(["10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32"], global.Adhoc.AllowedNetworks.Select(n => n.ToString()));
        Assert.Equal([5061, 15061], global.Adhoc.AllowedPorts);
        Assert.True(global.Adhoc.DebugPeerBytes);
        Assert.Equal(8, global.MaxConcurrentProbeRequests);
    }

    [Fact]
    public void Without_the_keys_ad_hoc_targets_reach_every_address_but_the_refused_ranges_on_sip_ports_only()
    {
        var global = Assert.IsType<ExporterConfig>(ConfigLoader.Load(Fixture.Path("valid.yml")).Config).Global;

        Assert.Equal(["0.0.0.0/0", "::/0"], global.Adhoc.AllowedNetworks.Select(n => n.ToString()));
        Assert.Equal([5060, 5061], global.Adhoc.AllowedPorts);
        Assert.False(global.Adhoc.DebugPeerBytes);
        Assert.Equal(GlobalConfig.DefaultMaxConcurrentProbeRequests, global.MaxConcurrentProbeRequests);
    }

    [Fact]
    public void Reads_the_external_interface_check_with_its_defaults()
    {
        var result = ConfigLoader.Load(Fixture.Path("external_tls.yml"));

        Assert.Empty(result.Errors);
        var targets = Assert.IsType<ExporterConfig>(result.Config).Targets;
        Assert.Equal(new ExternalTlsConfig { Port = 5062, CaFile = Fixture.Path("certs", "ca.pem") }, targets[0].ExternalTls);
        Assert.Equal(new ExternalTlsConfig { Port = 5061, CaFile = null }, targets[1].ExternalTls);
        Assert.Equal("dal-edge-001.litwareinc.com", targets[1].ExternalEdgeFqdn);
        Assert.Null(targets[2].ExternalTls);
    }

    [Fact]
    public void Fills_in_defaults_for_a_minimal_target()
    {
        var config = Assert.IsType<ExporterConfig>(ConfigLoader.Load(Fixture.Path("minimal.yml")).Config);

        Assert.Equal(new GlobalConfig(), config.Global with { DnsServers = new GlobalConfig().DnsServers });
        Assert.Empty(config.Global.DnsServers);
        var lab = config.Targets[0];
        Assert.Equal(
            new TargetConfig
            {
                Name = "lab",
                AccessEdgeFqdn = "192.0.2.10",
                Port = 5061,
                Transport = SipTransportKind.Tls,
                ExternalEdgeFqdn = "192.0.2.10",
                PushProxyUri = SipUri.Parse("sip:push@push.lync.com"),
                FromUri = SipUri.Parse("sip:pushexporter@192.0.2.10"),
                Module = "push_route",
            },
            lab);

        var v6 = config.Targets[1];
        Assert.Equal(SipTransportKind.Udp, v6.Transport);
        Assert.Equal("2001:db8::5", v6.ExternalEdgeFqdn);
        Assert.Equal("sip:pushexporter@example.org", v6.FromUri.ToString());
    }

    [Fact]
    public void Loads_the_lync_export_folder_its_file_overrides_the_front_end_pool_and_the_push_services()
    {
        var result = ConfigLoader.Load(Fixture.Path("lync_exports.yml"));

        Assert.Empty(result.Errors);
        var (atl, ord) = (result.Config!.Targets[0], result.Config.Targets[1]);
        Assert.Equal(Fixture.Path("exports") + Path.DirectorySeparatorChar, atl.LyncExportDirectory);
        Assert.Equal("pool01.litwareinc.com", atl.FrontEndPool);
        Assert.Equal(PushServices.Apple, atl.PushServices);
        Assert.Equal(PushServices.Apple | PushServices.Microsoft, ord.PushServices);
        Assert.Null(ord.LyncExportDirectory);

        // The folder gives every file its fixed name; a file's own key wins, relative to the configuration file.
        Assert.Equal(
            [
                Fixture.Path("exports", "mcx.json"),
                Fixture.Path("filters", "imfilter.json"),
                Fixture.Path("exports", "push.json"),
                "/srv/lync/accessedge.json",
                Fixture.Path("exports", "providers.json"),
                Fixture.Path("exports", "domains.json"),
            ],
            LyncExport.All.Select(e => e.PathFor(atl)));
        Assert.All(LyncExport.All, e => Assert.Null(e.PathFor(ord)));
    }

    [Fact]
    public void Built_in_modules_exist_and_configured_keys_override_them()
    {
        var config = Assert.IsType<ExporterConfig>(ConfigLoader.Load(Fixture.Path("modules.yml")).Config);

        Assert.Equal(["127.0.0.1:5353", "[::1]:53", "ns1.example.org:53"], config.Global.DnsServers);
        Assert.True(config.Global.AllowAdhocTargets);
        Assert.Equal(BuiltInModules.PushRoute, config.Modules["push_route"]);

        var message = config.Modules["push_message"];
        Assert.Equal("MESSAGE", message.Method);
        Assert.Equal("text/plain", message.ContentType);
        Assert.Contains("http://", message.Body, StringComparison.Ordinal);
        Assert.Equal("pushexporter", message.Headers["X-Probe"]);
        Assert.Equal(
            [
                ResponseRule.Override(new CodeRange(480, 480), null, "server_timeout"),
                ResponseRule.Override(null, new CodeRange(1046, 1046), "server_timeout"),
                ResponseRule.Override(new CodeRange(500, 599), new CodeRange(16000, 16999), "blocked_prefix"),
            ],
            message.ReasonOverrides);

        Assert.Equal("INFO", config.Modules["info_probe"].Method);
        Assert.Null(config.Modules["info_probe"].Body);
        Assert.Equal("push_message", config.Targets[0].Module);
    }

    [Fact]
    public void Reason_override_matches_status_and_diagnostics_together()
    {
        var both = ResponseRule.Override(new CodeRange(500, 599), new CodeRange(16000, 16999), "rejected");

        Assert.True(both.Matches(504, 16001, "Server Time-out"));
        Assert.False(both.Matches(504, null, "Server Time-out"));
        Assert.False(both.Matches(403, 16001, "Forbidden"));
        Assert.True(ResponseRule.Override(null, new CodeRange(1046, 1046), "timeout").Matches(403, 1046, "Forbidden"));
    }

    [Theory]
    [InlineData("unknown_key.yml", "targets[0].colour", 4, "unknown key \"colour\" at line 4")]
    [InlineData("bad_duration.yml", "global.interval", 2, "not a valid duration string: \"1m30\"")]
    [InlineData("zero_duration.yml", "global.timeout", 3, "must be greater than zero, not \"0s\"")]
    [InlineData("timeout_exceeds_interval.yml", "global.timeout", 3, "10s exceeds interval (5s)")]
    [InlineData("target_interval_below_timeout.yml", "targets[0].interval", 4, "5s is shorter than global.timeout (10s)")]
    [InlineData("duplicate_target.yml", "targets[1].name", 4, "duplicate target name \"atl-edge\" (first defined at line 2)")]
    [InlineData("missing_name.yml", "targets[0].name", 2, "is required")]
    [InlineData("invalid_name.yml", "targets[0].name", 2, "\" atl-edge\" is not usable as the target label")]
    [InlineData("bad_fqdn.yml", "targets[0].access_edge_fqdn", 3, "\"atl_edge..litwareinc.com\" is neither a host name nor an IP address")]
    [InlineData("bad_port.yml", "targets[0].port", 4, "70000 is not a port number (1-65535)")]
    [InlineData("bad_transport.yml", "targets[0].transport", 4, "\"sctp\" is not a transport: use tls, tcp or udp")]
    [InlineData("bad_uri.yml", "targets[0].push_proxy_uri", 4, "\"https://push.lync.com\" is not a sip: or sips: URI")]
    [InlineData("bad_push_service.yml", "targets[0].push_services", 4, "\"android\" is not a push notification service: use apple or microsoft")]
    [InlineData("empty_push_services.yml", "targets[0].push_services", 4, "must name at least one of apple, microsoft")]
    [InlineData("bad_front_end_pool.yml", "targets[0].front_end_pool", 4, "\"pool 01.litwareinc.com\" is not a host name")]
    [InlineData("unknown_module.yml", "targets[0].module", 4, "unknown module \"push_everything\": defined are push_message, push_route")]
    [InlineData("bad_dns_server.yml", "global.dns_servers[0]", 2, "\"127.0.0.1\" is not host:port")]
    [InlineData("missing_ca_file.yml", "targets[0].tls.ca_file", 5, "file not found: ")]
    [InlineData("tls_without_tls_transport.yml", "targets[0].tls", 6, "only applies to transport tls, but this target uses tcp")]
    [InlineData("external_tls_ip_literal.yml", "targets[0].external_tls_check", 4, "needs external_edge_fqdn as a host name, not the address 127.0.0.1")]
    [InlineData("external_tls_bad_port.yml", "targets[0].external_tls_port", 5, "0 is not a port number (1-65535)")]
    [InlineData("external_tls_missing_ca_file.yml", "targets[0].external_tls_ca_file", 5, "file not found: ")]
    [InlineData("certificate_without_key.yml", "targets[0].tls.client_certificate_file", 5, "needs client_key_file as well")]
    [InlineData("bad_reason_override.yml", "modules.push_route.reason_overrides[0].reason", 4, "unknown reason \"busy_here\": use one of server_timeout, rejected")]
    [InlineData("reserved_header.yml", "modules.custom.headers.Call-ID", 4, "Call-ID is written by the probe itself")]
    [InlineData("invite_method.yml", "modules.call.method", 3, "INVITE is not supported")]
    [InlineData("bad_bool.yml", "global.allow_adhoc_targets", 2, "must be true or false, not \"yes\"")]
    [InlineData("bad_adhoc_network.yml", "global.adhoc_allowed_networks[1]", 3, "\"10.0.0.0/33\" is not a network in CIDR notation (10.0.0.0/8, 2001:db8::/32) or an address")]
    [InlineData("empty_adhoc_networks.yml", "global.adhoc_allowed_networks", 3, "must name at least one network; to refuse every ad hoc target, set allow_adhoc_targets: false")]
    [InlineData("bad_adhoc_port.yml", "global.adhoc_allowed_ports[1]", 3, "\"70000\" is not a port, 1-65535")]
    [InlineData("empty_adhoc_ports.yml", "global.adhoc_allowed_ports", 3, "must name at least one port")]
    [InlineData("bad_max_concurrent_probe_requests.yml", "global.max_concurrent_probe_requests", 2, "must be at least 1, not 0")]
    [InlineData("yaml_syntax.yml", "", 4, "YAML syntax error: ")]
    [InlineData("duplicate_yaml_key.yml", "", 3, "YAML syntax error: Duplicate key")]
    [InlineData("targets_not_a_list.yml", "targets", 1, "must be a list")]
    [InlineData("unknown_top_level_key.yml", "scrape_configs", 3, "unknown key \"scrape_configs\" at line 3")]
    [InlineData("target_not_a_mapping.yml", "targets[0]", 2, "must be a mapping with at least name and access_edge_fqdn")]
    [InlineData("override_not_a_mapping.yml", "modules.push_route.reason_overrides[0]", 4, "must be a mapping with status and/or ms_diagnostics, and reason")]
    [InlineData("override_success_status.yml", "modules.push_route.reason_overrides[0].status", 4, "must be a code or a range like 300-699")]
    public void Reports_each_kind_of_invalid_configuration(string file, string key, int line, string message)
    {
        var path = Fixture.Path("invalid", file);

        var result = ConfigLoader.Load(path);

        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(key, error.Key);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_every_error_together()
    {
        var result = ConfigLoader.Load(Fixture.Path("invalid", "multiple_errors.yml"));

        Assert.Null(result.Config);
        Assert.Equal(
            [
                ("global.interval", 2),
                ("targets[0].port", 6),
                ("targets[1].name", 7),
                ("targets[1].access_edge_fqdn", 8),
                ("targets[1].transport", 9),
            ],
            result.Errors.Select(e => (e.Key, e.Line)));
    }

    [Fact]
    public void Error_position_includes_the_column()
    {
        var error = Assert.Single(ConfigLoader.Load(Fixture.Path("invalid", "bad_port.yml")).Errors);

        Assert.Equal(11, error.Column);
        Assert.EndsWith("bad_port.yml:4:11: targets[0].port: 70000 is not a port number (1-65535)", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_error_not_an_exception()
    {
        var path = Fixture.Path("does-not-exist.yml");

        var error = Assert.Single(ConfigLoader.Load(path).Errors);

        Assert.Equal($"configuration file not found: {path}", error.Message);
    }

    [Fact]
    public void An_empty_file_is_a_configuration_without_targets()
    {
        var result = ConfigLoader.Parse(string.Empty, "empty.yml", Fixture.Directory);

        var config = Assert.IsType<ExporterConfig>(result.Config);
        Assert.Empty(config.Targets);
        Assert.Equal(2, config.Modules.Count);
    }

    [Theory]
    [InlineData("atl-edge-001.litwareinc.com", true)]
    [InlineData("192.0.2.1", true)]
    [InlineData("::1", true)]
    [InlineData("[2001:db8::1]", true)]
    [InlineData("edge", true)]
    [InlineData("1.2.3", false)]
    [InlineData("300.1.1.1", false)]
    [InlineData("-edge.example.com", false)]
    [InlineData("edge_1.example.com", false)]
    [InlineData("", false)]
    public void Checks_host_names_and_ip_literals(string host, bool valid) =>
        Assert.Equal(valid, HostSyntax.IsHostOrIp(host));

    [Theory]
    [InlineData("sip:push@push.lync.com", true)]
    [InlineData("SIP:push@PUSH.LYNC.COM", true)]
    [InlineData("sips:push@push.lync.com:5061;transport=tls", true)]
    [InlineData("sip:push.lync.com", true)]
    [InlineData("sip:user@[2001:db8::1]:5060", true)]
    [InlineData("push@push.lync.com", false)]
    [InlineData("sip:", false)]
    [InlineData("sip:push@", false)]
    [InlineData("sip:push@push.lync.com:99999", false)]
    [InlineData("tel:+14255550100", false)]
    [InlineData("sip:push @push.lync.com", false)]
    public void Parses_sip_uris_once_at_load_time(string uri, bool valid)
    {
        var loaded = ConfigLoader.Parse($"targets:\n  - name: t\n    access_edge_fqdn: edge.example.org\n    push_proxy_uri: '{uri}'\n", "uri.yml", Path.GetTempPath());

        if (valid)
        {
            Assert.Empty(loaded.Errors);
            Assert.Equal(SipUri.Parse(uri), loaded.Config!.Targets[0].PushProxyUri);
        }
        else
        {
            var error = Assert.Single(loaded.Errors);
            Assert.Equal("targets[0].push_proxy_uri", error.Key);
        }
    }
}
