using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PushExporter.Configuration;
using PushExporter.Hosting;
using PushExporter.Monitoring.Tests.Peers;
using PushExporter.Testing;
using PushExporter.Vocabulary;
using PushExporter.Web;

namespace PushExporter.Monitoring.Tests.Paging;

[CollectionDefinition(Name)]
public sealed class SharedPagingWorld : ICollectionFixture<PagingWorld>
{
    public const string Name = "Paging path";
}

/// <summary>
/// The whole monitoring chain on loopback, started once per collection: Kamailio as the Access
/// Edge (one port per scenario) with stunnel for TLS (Kamailio 5.6's own TLS is unsafe under
/// concurrent connections, kamailio issue #3791), dnsmasq with the SRV and A records, the
/// exporter in process probing every target each second (timeout 800ms), Prometheus scraping
/// it every second (and its /probe for two targets) and evaluating <see cref="ScaledRules"/> of the shipped rule file, and
/// Alertmanager running the shipped alertmanager.example.yml with its webhook URLs pointed at
/// <see cref="Webhook"/> and group_wait/group_interval cut to 1s.
/// <para>
/// Every failure reason with an alert of its own has one target (named after the reason) that
/// fails with it until <see cref="RecoverAsync"/> fixes it the way an administrator would:
/// a corrected exporter configuration reloaded, or a corrected Lync export file. Other
/// targets never change: <c>ok_tcp</c> and <c>ok_tls</c> succeed, <c>tls_rejected</c> is a TLS
/// Edge whose IM filter rejects (answered, with a certificate, a healthy Lync export folder and
/// its external interface checked), <c>unexpected</c> answers 486. <c>ok_tcp</c>,
/// <c>tls_rejected</c> and <c>push_disabled</c> are of site <see cref="Site"/>, <c>bad_uri</c> of
/// Redmond, the others of none. <see cref="ExportTarget"/>'s route is up while its Lync exports
/// are not usable (one is cut off, one is three hours old) until <see cref="RecoverAsync"/>
/// exports them again.
/// </para>
/// </summary>
public sealed class PagingWorld : IAsyncLifetime
{
    public const string Domain = "contoso.test";
    public const string EdgeName = "edge.test";

    /// <summary>The target whose edge dashboard is checked: TLS, answered, failing.</summary>
    public const string DetailTarget = "tls_rejected";

    /// <summary>The Lync site of <c>ok_tcp</c>, <see cref="DetailTarget"/> and <c>push_disabled</c>, which the overview's site picker selects.</summary>
    public const string Site = "Dallas";

    /// <summary>The target whose route is up and whose Lync exports are unreadable or stale until recovered.</summary>
    public const string ExportTarget = "export_health";

    private readonly KamailioEdge _kamailio = new();
    private readonly TempDirectory _directory = TempDirectory.Create("paging");
    private readonly int _refusedPort = FreePort.Tcp();
    private DnsmasqServer? _dns;
    private StunnelTls? _trustedTls;
    private StunnelTls? _untrustedTls;
    private StunnelTls? _rejectingTls;
    private WebApplication? _exporter;
    private LoopbackPeer? _alertmanager;
    private LoopbackPeer? _prometheus;
    private WebhookReceiver? _webhook;

    /// <summary>Scenario target (named after its reason) → the alert its failure must raise.</summary>
    public static IReadOnlyDictionary<string, string> Scenarios { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [FailureReasons.MissingSrv] = "PushExporterMissingSrv",
        [FailureReasons.ServerTimeout] = "PushExporterServerTimeout",
        [FailureReasons.Rejected] = "PushExporterRejected",
        [FailureReasons.FederationDenied] = "PushExporterFederationDenied",
        [FailureReasons.Timeout] = "PushExporterTimeout",
        [FailureReasons.ConnectFailed] = "PushExporterConnectFailed",
        [FailureReasons.TlsFailed] = "PushExporterTlsFailed",
        [FailureReasons.DnsError] = "PushExporterDnsError",
        [FailureReasons.BadUri] = "PushExporterBadUri",
        [FailureReasons.BlockedPrefix] = "PushExporterBlockedPrefix",
        [FailureReasons.PushDisabled] = "PushExporterPushDisabled",
    };

    /// <summary>The warnings <see cref="ExportTarget"/> raises until recovered: alert → the export it names.</summary>
    public static IReadOnlyDictionary<string, string> ExportWarnings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PushExporterLyncExportUnreadable"] = "mcx",
        ["PushExporterLyncExportStale"] = "allowed_domains",
    };

    /// <summary>Targets that never change: name → the reason they fail with (null: success).</summary>
    public static IReadOnlyDictionary<string, string?> Fixed { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["ok_tcp"] = null,
        ["ok_tls"] = null,
        [DetailTarget] = FailureReasons.Rejected,
        ["unexpected"] = FailureReasons.UnexpectedResponse,
    };

    public HttpClient Exporter { get; private set; } = new();

    /// <summary>The exporter's host:port, the <c>instance</c> label of its series.</summary>
    public string ExporterInstance { get; private set; } = string.Empty;

    public LoopbackPeer Prometheus => _prometheus ?? throw new InvalidOperationException("not started");

    public LoopbackPeer Alertmanager => _alertmanager ?? throw new InvalidOperationException("not started");

    public WebhookReceiver Webhook => _webhook ?? throw new InvalidOperationException("not started");

    /// <summary>The scaled copy of the shipped rule file that Prometheus evaluates.</summary>
    public string RulesPath => _directory.File("pushexporter.rules.scaled.yml");

    public bool Recovered { get; private set; }

    internal ConfigHolder Holder { get; private set; } = null!;

    private string ConfigPath => _directory.File("pushexporter.yml");

    /// <summary>What every peer logged, for assertion messages.</summary>
    public string PeerOutput =>
        $"--- prometheus\n{_prometheus?.Output}\n--- alertmanager\n{_alertmanager?.Output}\n--- webhook\n{string.Join('\n', _webhook?.Alerts ?? [])}\n--- kamailio\n{_kamailio.Output}";

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await _kamailio.InitializeAsync();
        _dns = await DnsmasqServer.StartAsync(new DnsZone("test")
            .Srv($"_sipfederationtls._tcp.{Domain}", EdgeName, 5061, 10, 100)
            .Address(EdgeName, IPAddress.Loopback));
        _trustedTls = await StunnelTls.StartAsync(Port(EdgeScenario.Ok, PeerTransport.Tcp), _kamailio.Certificates.Server);
        _untrustedTls = await StunnelTls.StartAsync(Port(EdgeScenario.Ok, PeerTransport.Tcp), _kamailio.Certificates.UntrustedServer);
        _rejectingTls = await StunnelTls.StartAsync(Port(EdgeScenario.Forbidden403Rejected, PeerTransport.Tcp), _kamailio.Certificates.Server);

        WriteExports(broken: true);
        await File.WriteAllTextAsync(ConfigPath, Yaml(broken: true), cancellationToken);
        var loaded = ConfigLoader.Load(ConfigPath);
        if (loaded.Config is null || loaded.Errors.Count > 0)
        {
            throw new InvalidOperationException("the generated exporter configuration is invalid:\n" + string.Join('\n', loaded.Errors));
        }

        var port = FreePort.Tcp();
        ExporterInstance = $"127.0.0.1:{port}";
        _exporter = ExporterEndpoints.Map(ExporterApp.Build(new ServeOptions { ListenAddress = ExporterInstance, LogLevel = "error" }, ConfigPath, loaded.Config, TimeProvider.System));
        Holder = _exporter.Services.GetRequiredService<ConfigHolder>();
        await _exporter.StartAsync(cancellationToken);
        Exporter = new HttpClient { BaseAddress = new Uri($"http://{ExporterInstance}/"), Timeout = TimeSpan.FromSeconds(30) };

        _webhook = new WebhookReceiver();
        _alertmanager = await LoopbackPeer.StartAlertmanagerAsync(
            AlertmanagerConfig(await File.ReadAllTextAsync(RepositoryLayout.AlertmanagerExample, cancellationToken), _webhook.BaseAddress),
            cancellationToken);
        await File.WriteAllTextAsync(RulesPath, ScaledRules.Scale(await File.ReadAllTextAsync(RepositoryLayout.RulesFile, cancellationToken)), cancellationToken);
        // /probe of two fixed targets too, for the dashboard of the probe job.
        _prometheus = await LoopbackPeer.StartPrometheusAsync([RulesPath], [ExporterInstance], _alertmanager, cancellationToken, [DetailTarget, "ok_tcp"]);
    }

    /// <summary>
    /// Fixes every scenario the way an administrator would: the Lync exports of bad_uri,
    /// blocked_prefix, push_disabled and export_health are exported again with good settings (the
    /// probe reads them every run, no reload), the other targets get a corrected configuration
    /// file that the exporter reloads.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        WriteExports(broken: false);
        await File.WriteAllTextAsync(ConfigPath, Yaml(broken: false), cancellationToken);
        var result = Holder.Reload();
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException("the recovered configuration is invalid:\n" + string.Join('\n', result.Errors));
        }

        Recovered = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_alertmanager is not null)
        {
            await _alertmanager.DisposeAsync();
        }

        if (_webhook is not null)
        {
            await _webhook.DisposeAsync();
        }

        Exporter.Dispose();
        if (_exporter is not null)
        {
            await _exporter.StopAsync(CancellationToken.None);
            await _exporter.DisposeAsync();
        }

        foreach (var tls in new[] { _rejectingTls, _untrustedTls, _trustedTls })
        {
            if (tls is not null)
            {
                await tls.DisposeAsync();
            }
        }

        if (_dns is not null)
        {
            await _dns.DisposeAsync();
        }

        await _kamailio.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>
    /// The shipped Alertmanager example, unchanged but for its webhook URLs (pointed at the test's
    /// listener) and its grouping delays (30s wait, 5m interval: cut to 1s).
    /// </summary>
    public static string AlertmanagerConfig(string shipped, Uri webhook)
    {
        ArgumentNullException.ThrowIfNull(shipped);
        ArgumentNullException.ThrowIfNull(webhook);
        string Replace(string text, string from, string to) =>
            text.Contains(from, StringComparison.Ordinal)
                ? text.Replace(from, to, StringComparison.Ordinal)
                : throw new InvalidOperationException($"alertmanager.example.yml changed shape: '{from}' not found");

        var config = Replace(shipped, "http://127.0.0.1:9095/", webhook.ToString());
        config = Replace(config, "group_wait: 30s", "group_wait: 1s");
        return Replace(config, "group_interval: 5m", "group_interval: 1s");
    }

    private int Port(EdgeScenario scenario, PeerTransport transport) => _kamailio.Port(scenario, transport);

    /// <summary>A Lync export folder as the export script writes it, every setting right for push.</summary>
    private static void WriteHealthyExportFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "mcx.json"), """
            { "Identity": "Global", "ExposedWebURL": "External", "PushNotificationProxyUri": "sip:push@push.lync.com" }
            """);
        File.WriteAllText(Path.Combine(folder, "imfilter.json"), """
            { "Identity": "Global", "Prefixes": ["callto:", "file:"], "Enabled": true, "Action": "Block" }
            """);
        File.WriteAllText(Path.Combine(folder, "pushnotification.json"), """
            { "Identity": "Global", "EnableApplePushNotificationService": true, "EnableMicrosoftPushNotificationService": false }
            """);
        File.WriteAllText(Path.Combine(folder, "accessedge.json"), """
            { "Identity": "Global", "AllowFederatedUsers": true, "AllowOutsideUsers": true }
            """);
        File.WriteAllText(Path.Combine(folder, "hostingproviders.json"), """
            [ { "Identity": "LyncOnline", "Name": "LyncOnline", "ProxyFqdn": "sipfed.online.lync.com", "VerificationLevel": "UseSourceVerification", "Enabled": true } ]
            """);
        File.WriteAllText(Path.Combine(folder, "alloweddomains.json"), """
            [ { "Identity": "push.lync.com", "Domain": "push.lync.com", "ProxyFqdn": "", "Comment": "Push notifications" } ]
            """);
    }

    private void WriteExports(bool broken)
    {
        WriteHealthyExportFolder(_directory.File("exports-good"));
        var exports = _directory.File("exports-" + ExportTarget);
        WriteHealthyExportFolder(exports);
        if (broken)
        {
            // Cut off in the middle, as a copy that failed would leave it; and an export task that stopped three hours ago.
            File.WriteAllText(Path.Combine(exports, "mcx.json"), "{ \"Identity\": \"Global\", \"PushNotificationProxyUri\": \"sip:push@");
            File.SetLastWriteTimeUtc(Path.Combine(exports, "alloweddomains.json"), DateTime.UtcNow.AddHours(-3));
        }

        File.WriteAllText(_directory.File("push-push_disabled.json"), broken
            ? """{ "Identity": "Global", "EnableApplePushNotificationService": false, "EnableMicrosoftPushNotificationService": false }"""
            : """{ "Identity": "Global", "EnableApplePushNotificationService": true, "EnableMicrosoftPushNotificationService": false }""");
        File.WriteAllText(_directory.File("mcx-good.json"), """
            [
              { "Identity": "Global", "ExposedWebURL": 1, "PushNotificationProxyUri": "sip:push@push.lync.com" },
              { "Identity": "Site:Redmond", "ExposedWebURL": 1, "PushNotificationProxyUri": "SIP:push@PUSH.LYNC.COM" }
            ]
            """);
        File.WriteAllText(_directory.File("imfilter-good.json"), """
            { "Identity": "Global", "Prefixes": ["callto:", "file:"], "Enabled": true, "Action": 1 }
            """);
        File.WriteAllText(_directory.File("mcx-bad_uri.json"), broken
            ? """
              [
                { "Identity": "Global", "PushNotificationProxyUri": "sip:push@push.lync.com" },
                { "Identity": "Site:Redmond", "PushNotificationProxyUri": "sip:push@push.lync.net" }
              ]
              """
            : """
              [
                { "Identity": "Global", "PushNotificationProxyUri": "sip:push@push.lync.com" },
                { "Identity": "Site:Redmond", "PushNotificationProxyUri": "sip:push@push.lync.com" }
              ]
              """);
        File.WriteAllText(_directory.File("imfilter-blocked_prefix.json"), broken
            ? """{ "Identity": "Global", "Prefixes": ["callto:", "http:"], "Enabled": true, "Action": "Block" }"""
            : """{ "Identity": "Global", "Prefixes": ["callto:"], "Enabled": true, "Action": "Block" }""");
    }

    private string Yaml(bool broken)
    {
        var ok = Tcp(EdgeScenario.Ok);
        var targets = new List<(string Name, string Body)>
        {
            ("ok_tcp", ok + Srv(Domain) + $"    site: {Site}\n    mcx_configuration_file: mcx-good.json\n    im_filter_configuration_file: imfilter-good.json\n"),
            ("ok_tls", Tls(_trustedTls!.Port) + Srv(Domain)),
            (DetailTarget, Tls(_rejectingTls!.Port) + $"    site: {Site}\n    lync_export_dir: {_directory.File("exports-good")}\n"
                + $"    external_edge_fqdn: {EdgeName}\n    external_tls_check: true\n    external_tls_port: {_trustedTls.Port}\n    external_tls_ca_file: {_kamailio.Certificates.Ca.CertificatePath}\n"),
            (ExportTarget, ok + $"    lync_export_dir: {_directory.File("exports-" + ExportTarget)}\n"),
            ("unexpected", Tcp(EdgeScenario.Busy486)),
            (FailureReasons.MissingSrv, ok + Srv(broken ? "nosrv.test" : Domain)),
            (FailureReasons.ServerTimeout, broken ? Tcp(EdgeScenario.Timeout504DiagPublic1046) : ok),
            (FailureReasons.Rejected, Udp(broken ? EdgeScenario.Forbidden403Rejected : EdgeScenario.Ok)),
            (FailureReasons.FederationDenied, broken ? Tcp(EdgeScenario.Forbidden403Diag1027) : ok),
            (FailureReasons.Timeout, Udp(broken ? EdgeScenario.Silence : EdgeScenario.Ok)),
            (FailureReasons.ConnectFailed, broken ? $"    access_edge_fqdn: 127.0.0.1\n    port: {_refusedPort}\n    transport: tcp\n" : ok),
            (FailureReasons.TlsFailed, Tls(broken ? _untrustedTls!.Port : _trustedTls.Port)),
            (FailureReasons.DnsError, $"    access_edge_fqdn: {(broken ? "nxdomain-edge.test" : EdgeName)}\n    port: {Port(EdgeScenario.Ok, PeerTransport.Tcp)}\n    transport: tcp\n"),
            (FailureReasons.BadUri, ok + "    site: Redmond\n    mcx_configuration_file: mcx-bad_uri.json\n"),
            (FailureReasons.BlockedPrefix, ok + "    im_filter_configuration_file: imfilter-blocked_prefix.json\n"),
            (FailureReasons.PushDisabled, ok + $"    site: {Site}\n    push_notification_configuration_file: push-push_disabled.json\n"),
        };

        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"global:\n  interval: 1s\n  timeout: 800ms\n  dns_servers: [\"127.0.0.1:{_dns!.Port}\"]\n");
        yaml.Append("targets:\n");
        foreach (var (name, body) in targets)
        {
            yaml.Append("  - name: ").Append(name).Append('\n').Append(body);
        }

        return yaml.ToString();
    }

    private string Tcp(EdgeScenario scenario) => $"    access_edge_fqdn: {EdgeName}\n    port: {Port(scenario, PeerTransport.Tcp)}\n    transport: tcp\n";

    private string Udp(EdgeScenario scenario) => $"    access_edge_fqdn: {EdgeName}\n    port: {Port(scenario, PeerTransport.Udp)}\n    transport: udp\n";

    private string Tls(int port) => $"    access_edge_fqdn: {EdgeName}\n    port: {port}\n    transport: tls\n    tls:\n      ca_file: {_kamailio.Certificates.Ca.CertificatePath}\n";

    private static string Srv(string domain) => $"    sip_domain: {domain}\n    external_edge_fqdn: {EdgeName}\n";
}
