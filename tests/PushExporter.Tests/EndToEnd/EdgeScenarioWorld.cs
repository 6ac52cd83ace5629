using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Text;
using PushExporter.Testing;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// The real peers of the end-to-end scenarios, started once per collection: Kamailio as the
/// Access Edge (one port per scenario), stunnels terminating TLS in front of it (Kamailio 5.6's
/// TLS is not safe under concurrent connections), dnsmasq with the scenarios' SRV and A
/// records, and Lync export files (and a folder per <see cref="ConfigAuditScenario"/>).
/// <see cref="Targets"/> lists every target with the outcome it must produce;
/// <see cref="ConfigPath"/> is a configuration file naming them all.
/// </summary>
public sealed class EdgeScenarioWorld : IAsyncLifetime
{
    public const string Domain = "contoso.test";
    public const string EdgeName = "edge.test";

    /// <summary>Resolves to 127.0.0.1 like <see cref="EdgeName"/>, but no test certificate names it.</summary>
    public const string ExternalNameNotOnCertificate = "sip.contoso.test";

    private readonly KamailioEdge _kamailio = new();
    private readonly TempDirectory _directory = TempDirectory.Create("scenarios");
    private DnsmasqServer? _dns;
    private StunnelTls? _trustedTls;
    private StunnelTls? _untrustedTls;
    private StunnelTls? _federationTls;
    private readonly List<LoopbackTlsListener> _externalInterfaces = [];

    public KamailioEdge Kamailio => _kamailio;

    public DnsmasqServer Dns => _dns ?? throw new InvalidOperationException("not started");

    public string ConfigPath => _directory.File("pushexporter.yml");

    /// <summary>External interfaces (in-process TLS listeners) presenting the test CA's good, expired and untrusted certificates, and one offering TLS 1.3 only.</summary>
    public LoopbackTlsListener ExternalGood { get; private set; } = null!;

    public LoopbackTlsListener ExternalExpired { get; private set; } = null!;

    public LoopbackTlsListener ExternalUntrusted { get; private set; } = null!;

    public LoopbackTlsListener ExternalTls13Only { get; private set; } = null!;

    /// <summary>Target name → the reason it must produce (null: success).</summary>
    public IReadOnlyDictionary<string, string?> Targets { get; private set; } = new Dictionary<string, string?>();

    public async ValueTask InitializeAsync()
    {
        await _kamailio.InitializeAsync();
        _dns = await DnsmasqServer.StartAsync(new DnsZone("test")
            .Srv($"_sipfederationtls._tcp.{Domain}", EdgeName, 5061, 10, 100)
            .Srv($"_sipfederationtls._tcp.elsewhere.test", "old-edge.test", 5061, 10, 100)
            .Address(EdgeName, IPAddress.Loopback)
            .Address(ExternalNameNotOnCertificate, IPAddress.Loopback)
            .Address("old-edge.test", IPAddress.Loopback));
        _trustedTls = await StunnelTls.StartAsync(_kamailio.Port(EdgeScenario.Ok, PeerTransport.Tcp), _kamailio.Certificates.Server);
        _untrustedTls = await StunnelTls.StartAsync(_kamailio.Port(EdgeScenario.Ok, PeerTransport.Tcp), _kamailio.Certificates.UntrustedServer);
        // A trusted Edge over TLS whose own hop to the clearing house fails TLS (ms-diagnostics 1047).
        _federationTls = await StunnelTls.StartAsync(_kamailio.Port(EdgeScenario.Timeout504DiagPublic1047, PeerTransport.Tcp), _kamailio.Certificates.Server);
        WriteExports();
        var certificates = _kamailio.Certificates;
        ExternalGood = External(LoopbackTlsListener.Start(certificates.Server));
        ExternalExpired = External(LoopbackTlsListener.Start(certificates.ExpiredServer));
        ExternalUntrusted = External(LoopbackTlsListener.Start(certificates.UntrustedServer));
        ExternalTls13Only = External(LoopbackTlsListener.Start(certificates.Server, SslProtocols.Tls13));
        await File.WriteAllTextAsync(ConfigPath, Yaml());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _externalInterfaces)
        {
            await listener.DisposeAsync();
        }

        if (_federationTls is not null)
        {
            await _federationTls.DisposeAsync();
        }

        if (_untrustedTls is not null)
        {
            await _untrustedTls.DisposeAsync();
        }

        if (_trustedTls is not null)
        {
            await _trustedTls.DisposeAsync();
        }

        if (_dns is not null)
        {
            await _dns.DisposeAsync();
        }

        await _kamailio.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>What the peers logged, for assertion messages.</summary>
    public string PeerOutput => $"--- kamailio\n{_kamailio.Output}\n--- dnsmasq\n{_dns?.Output}";

    private void WriteExports()
    {
        File.WriteAllText(_directory.File("mcx-good.json"), """
            [
              { "Identity": "Global", "ExposedWebURL": 1, "PushNotificationProxyUri": "sip:push@push.lync.com" },
              { "Identity": "Site:Redmond", "ExposedWebURL": 1, "PushNotificationProxyUri": "SIP:push@PUSH.LYNC.COM" }
            ]
            """);
        File.WriteAllText(_directory.File("mcx-site-bad.json"), """
            [
              { "Identity": "Global", "PushNotificationProxyUri": "sip:push@push.lync.com" },
              { "Identity": "Site:Redmond", "PushNotificationProxyUri": "sip:push@push.lync.net" }
            ]
            """);
        File.WriteAllText(_directory.File("mcx-global-bad.json"), """
            { "Identity": "Global", "PushNotificationProxyUri": "sip:Push@push.lync.com" }
            """);
        File.WriteAllText(_directory.File("imfilter-good.json"), """
            { "Identity": "Global", "Prefixes": ["callto:", "file:"], "Enabled": true, "Action": 1 }
            """);
        File.WriteAllText(_directory.File("imfilter-global-blocks.json"), """
            { "Identity": "Global", "Prefixes": ["callto:", "http:"], "Enabled": true, "Action": "Block" }
            """);
        File.WriteAllText(_directory.File("imfilter-site-blocks.json"), """
            [
              { "Identity": "Global", "Prefixes": ["callto:"], "Enabled": true, "Action": 1 },
              { "Identity": "Site:Dallas", "Prefixes": ["https:"], "Enabled": true, "Action": 1 }
            ]
            """);
        foreach (var audit in ConfigAuditScenario.All)
        {
            Directory.CreateDirectory(ExportFolder(audit));
            audit.Write(ExportFolder(audit));
        }
    }

    private string ExportFolder(ConfigAuditScenario audit) => _directory.File($"lync-{audit.Target}");

    private string Yaml()
    {
        var ca = _kamailio.Certificates.Ca.CertificatePath;
        var refused = FreePort.Tcp();
        var targets = new List<(string Name, string? Reason, string Body)>
        {
            ("ok_tls", null, Tls(_trustedTls!.Port, ca) + Srv(Domain)),
            ("ok_exports", null, Tcp(EdgeScenario.Ok) + Srv(Domain) + "    site: Redmond\n    mcx_configuration_file: mcx-good.json\n    im_filter_configuration_file: imfilter-good.json\n"),
            ("forward_udp", null, Udp(EdgeScenario.Forward)),
            ("trying_then_ok", null, Tcp(EdgeScenario.TryingThenOk)),
            ("server_timeout", FailureReasons.ServerTimeout, Tcp(EdgeScenario.Timeout504DiagPublic1046)),
            ("missing_srv_diagnostics", FailureReasons.MissingSrv, Tcp(EdgeScenario.Timeout504Diag1008)),
            ("missing_srv_dns", FailureReasons.MissingSrv, Tcp(EdgeScenario.Ok) + Srv("nosrv.test")),
            ("missing_srv_wrong_edge", FailureReasons.MissingSrv, Tcp(EdgeScenario.Ok) + Srv("elsewhere.test")),
            ("federation_denied", FailureReasons.FederationDenied, Tcp(EdgeScenario.Forbidden403Diag1027)),
            ("federation_denied_1002", FailureReasons.FederationDenied, Tcp(EdgeScenario.Forbidden403Diag1002)),
            ("federation_denied_1005", FailureReasons.FederationDenied, Tcp(EdgeScenario.Timeout504Diag1005)),
            ("missing_srv_1009", FailureReasons.MissingSrv, Tcp(EdgeScenario.Timeout504Diag1009) + Srv(Domain)),
            ("tls_failed_1010", FailureReasons.TlsFailed, Tcp(EdgeScenario.Timeout504Diag1010)),
            ("tls_failed_1047", FailureReasons.TlsFailed, Tls(_federationTls!.Port, ca)),
            ("dns_error_1014", FailureReasons.DnsError, Tcp(EdgeScenario.Timeout504Diag1014)),
            ("server_timeout_1034", FailureReasons.ServerTimeout, Tcp(EdgeScenario.Timeout504DiagPublic1034)),
            ("rejected_16000", FailureReasons.Rejected, Udp(EdgeScenario.Forbidden403Diag16000)),
            ("rejected", FailureReasons.Rejected, Udp(EdgeScenario.Forbidden403Rejected)),
            ("forbidden", FailureReasons.Rejected, Tcp(EdgeScenario.Forbidden403)),
            ("busy", FailureReasons.UnexpectedResponse, Tcp(EdgeScenario.Busy486)),
            ("silence", FailureReasons.Timeout, Udp(EdgeScenario.Silence)),
            ("tls_untrusted", FailureReasons.TlsFailed, Tls(_untrustedTls!.Port, ca)),
            ("refused", FailureReasons.ConnectFailed, $"    access_edge_fqdn: 127.0.0.1\n    port: {refused}\n    transport: tcp\n"),
            ("dns_error", FailureReasons.DnsError, $"    access_edge_fqdn: nxdomain-edge.test\n    port: {Port(EdgeScenario.Ok, PeerTransport.Tcp)}\n    transport: tcp\n"),
            ("bad_uri_site", FailureReasons.BadUri, Tcp(EdgeScenario.Ok) + "    site: Redmond\n    mcx_configuration_file: mcx-site-bad.json\n"),
            ("bad_uri_global", FailureReasons.BadUri, Tcp(EdgeScenario.Ok) + "    site: Redmond\n    mcx_configuration_file: mcx-global-bad.json\n"),
            ("blocked_prefix_global", FailureReasons.BlockedPrefix, Tcp(EdgeScenario.Ok) + "    im_filter_configuration_file: imfilter-global-blocks.json\n"),
            ("blocked_prefix_site", FailureReasons.BlockedPrefix, Tcp(EdgeScenario.Ok) + "    site: Dallas\n    im_filter_configuration_file: imfilter-site-blocks.json\n"),
            ("external_tls_ok", null, Tcp(EdgeScenario.Ok) + ExternalCheck(EdgeName, ExternalGood.Port, ca)),
            ("external_tls_expired", FailureReasons.TlsFailed, Tcp(EdgeScenario.Ok) + ExternalCheck(EdgeName, ExternalExpired.Port, ca)),
            ("external_tls_untrusted", FailureReasons.TlsFailed, Tcp(EdgeScenario.Ok) + ExternalCheck(EdgeName, ExternalUntrusted.Port, ca)),
            ("external_tls_system_roots", FailureReasons.TlsFailed, Tcp(EdgeScenario.Ok) + ExternalCheck(EdgeName, ExternalGood.Port, null)),
            ("external_tls_wrong_name", FailureReasons.TlsFailed, Tcp(EdgeScenario.Ok) + ExternalCheck(ExternalNameNotOnCertificate, ExternalGood.Port, ca)),
            ("external_tls_no_tls12", FailureReasons.TlsFailed, Tcp(EdgeScenario.Ok) + ExternalCheck(EdgeName, ExternalTls13Only.Port, ca)),
            ("external_tls_refused", FailureReasons.ConnectFailed, Tcp(EdgeScenario.Ok) + ExternalCheck(EdgeName, refused, ca)),
            ("external_tls_nxdomain", FailureReasons.DnsError, Tcp(EdgeScenario.Ok) + ExternalCheck("nxdomain-sip.test", ExternalGood.Port, ca)),
        };
        foreach (var audit in ConfigAuditScenario.All)
        {
            targets.Add((audit.Target, audit.Reason, Tcp(EdgeScenario.Ok) + audit.Settings + $"    lync_export_dir: {ExportFolder(audit)}\n"));
        }

        Targets = targets.ToDictionary(t => t.Name, t => t.Reason);

        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"global:\n  interval: 3s\n  timeout: 2s\n  dns_servers: [\"127.0.0.1:{Dns.Port}\"]\n  allow_adhoc_targets: false\n");
        yaml.Append("modules:\n  push_message_strict:\n    method: MESSAGE\n    content_type: text/plain\n    body: \"push http://example.test/\"\n");
        yaml.Append("targets:\n");
        foreach (var (name, _, body) in targets)
        {
            yaml.Append("  - name: ").Append(name).Append('\n').Append(body);
        }

        return yaml.ToString();
    }

    private int Port(EdgeScenario scenario, PeerTransport transport) => _kamailio.Port(scenario, transport);

    private string Tcp(EdgeScenario scenario) => $"    access_edge_fqdn: {EdgeName}\n    port: {Port(scenario, PeerTransport.Tcp)}\n    transport: tcp\n";

    private string Udp(EdgeScenario scenario) => $"    access_edge_fqdn: {EdgeName}\n    port: {Port(scenario, PeerTransport.Udp)}\n    transport: udp\n";

    private static string Tls(int port, string ca) => $"    access_edge_fqdn: {EdgeName}\n    port: {port}\n    transport: tls\n    tls:\n      ca_file: {ca}\n";

    // Without a ca file the system's roots decide, and they do not know the test CA.
    private static string ExternalCheck(string name, int port, string? ca) =>
        $"    external_edge_fqdn: {name}\n    external_tls_check: true\n    external_tls_port: {port}\n" + (ca is null ? string.Empty : $"    external_tls_ca_file: {ca}\n");

    private LoopbackTlsListener External(LoopbackTlsListener listener)
    {
        _externalInterfaces.Add(listener);
        return listener;
    }

    private static string Srv(string domain) => $"    sip_domain: {domain}\n    external_edge_fqdn: {EdgeName}\n";
}
