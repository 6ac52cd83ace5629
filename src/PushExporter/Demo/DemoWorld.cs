using System.Globalization;
using System.Net;
using System.Text;
using PushExporter.Configuration;

namespace PushExporter.Demo;

/// <summary>
/// <c>serve --demo</c>: a simulated DNS server, four Access Edges and the clearing house behind
/// them, all in-process on 127.0.0.1, plus the Lync exports they read. Like a real fleet, three
/// Edges succeed while one fails; its failure changes every <see cref="Period"/> through
/// <see cref="DemoScenarios.Rotation"/> (every reason within <see cref="RotationTime"/>), then
/// the next Edge fails. A newcomer sees real metrics, the status page, dashboards and alerts
/// without an Edge. Never the only peer a test uses.
/// </summary>
internal sealed class DemoWorld : IAsyncDisposable
{
    public const string Zone = "demo.pushexporter.test";

    public static readonly TimeSpan Period = TimeSpan.FromSeconds(20);

    /// <summary>How long one Edge fails, going through every failure scenario: 16 × 20 s = 5 min 20 s.</summary>
    public static readonly TimeSpan RotationTime = Period * DemoScenarios.Rotation.Count;

    private static readonly string[] _sites = ["Atlanta", "Dallas", "Redmond", "Seattle"];

    private readonly TimeProvider _time;
    private readonly string _directory;
    private readonly DemoCertificates _certificates;
    private readonly List<DemoEdge> _edges = [];
    private readonly DemoDnsServer _dns;
    private readonly ITimer _exports;

    private DemoWorld(TimeProvider time)
    {
        _time = time;
        _directory = Directory.CreateTempSubdirectory("pushexporter-demo-").FullName;
        _certificates = DemoCertificates.Create($"*.{Zone}", time.GetUtcNow());
        File.WriteAllText(Path.Combine(_directory, "ca.pem"), _certificates.Ca.ExportCertificatePem() + "\n");
        for (var i = 0; i < _sites.Length; i++)
        {
            var index = i;
            _edges.Add(new DemoEdge(() => Scenario(index), _certificates.Edge, _certificates.UntrustedEdge));
        }

        _dns = new DemoDnsServer(Answer);
        WriteExports();
        _exports = time.CreateTimer(_ => WriteExports(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var loaded = ConfigLoader.Parse(Yaml(), "demo configuration", _directory);
        Config = loaded.Config ?? throw new InvalidOperationException("the demo configuration is invalid: " + string.Join("; ", loaded.Errors));
    }

    public ExporterConfig Config { get; }

    public static Task<DemoWorld> StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new DemoWorld(time));
    }

    public DemoScenario Scenario(int target) => DemoScenarios.At(target, _sites.Length, _time.GetUtcNow(), Period);

    public async ValueTask DisposeAsync()
    {
        await _exports.DisposeAsync().ConfigureAwait(false);
        foreach (var edge in _edges)
        {
            await edge.DisposeAsync().ConfigureAwait(false);
        }

        await _dns.DisposeAsync().ConfigureAwait(false);
        _certificates.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaner.
        }
    }

    private static string Edge(int i) => $"edge-{i}.{Zone}";

    private static string Domain(int i) => $"site{i}.{Zone}";

    private DemoDnsServer.DnsAnswer? Answer(string name, ushort type)
    {
        for (var i = 0; i < _edges.Count; i++)
        {
            var scenario = Scenario(i);
            if (name == $"_sipfederationtls._tcp.{Domain(i)}" && type == DemoDnsServer.TypeSrv)
            {
                // missing_srv: the record exists but points at another Edge.
                var target = scenario == DemoScenario.MissingSrv ? $"old-edge.{Zone}" : Edge(i);
                return new([DemoDnsServer.DnsRecord.Srv(0, 0, 5061, target)]);
            }

            if (name == Edge(i))
            {
                return scenario switch
                {
                    DemoScenario.DnsError => null,
                    _ when type != DemoDnsServer.TypeA => new([]),
                    // Nothing listens on 127.0.0.2: the connection is refused.
                    DemoScenario.ConnectFailed => new([DemoDnsServer.DnsRecord.A(IPAddress.Parse("127.0.0.2"))]),
                    _ => new([DemoDnsServer.DnsRecord.A(IPAddress.Loopback)]),
                };
            }
        }

        return null;
    }

    // What Export-PushConfiguration.ps1 writes for each demo site, one folder per target, with the scenario's fault.
    private void WriteExports()
    {
        for (var i = 0; i < _edges.Count; i++)
        {
            var scenario = Scenario(i);
            var folder = Directory.CreateDirectory(Path.Combine(_directory, $"exports-{i}")).Name;
            var proxy = scenario == DemoScenario.BadUri ? "sip:push@push.lync.net" : "sip:push@push.lync.com";
            Write(folder, "mcx.json", $$"""
                [
                    { "Identity": "Global", "ExposedWebURL": "External", "PushNotificationProxyUri": "sip:push@push.lync.com", "SessionExpirationInterval": 259200 },
                    { "Identity": "Site:{{_sites[i]}}", "ExposedWebURL": "External", "PushNotificationProxyUri": "{{proxy}}", "SessionExpirationInterval": 259200 }
                ]
                """);
            var prefixes = scenario == DemoScenario.BlockedPrefix ? "\"callto:\", \"http:\"" : "\"callto:\", \"file:\"";
            Write(folder, "imfilter.json", scenario == DemoScenario.ExportUnreadable ? "Get-CsImFilterConfiguration : Unable to contact the Central Management Store" : $$"""
                { "Identity": "Global", "Prefixes": [{{prefixes}}], "AllowMessage": "", "WarnMessage": "", "Enabled": true, "IgnoreLocal": true, "BlockFileExtension": true, "Action": "Block" }
                """);
            var push = scenario == DemoScenario.PushDisabled ? "false" : "true";
            Write(folder, "pushnotification.json", $$"""
                { "Identity": "Global", "EnableApplePushNotificationService": {{push}}, "EnableMicrosoftPushNotificationService": {{push}} }
                """);
            Write(folder, "accessedge.json", $$"""
                { "Identity": "Global", "AllowAnonymousUsers": true, "AllowFederatedUsers": {{(scenario == DemoScenario.FederationOff ? "false" : "true")}}, "AllowOutsideUsers": true, "EnablePartnerDiscovery": false, "RoutingMethod": "UseDnsSrvRouting" }
                """);
            Write(folder, "hostingproviders.json", $$"""
                [
                    { "Identity": "LyncOnline", "Name": "LyncOnline", "ProxyFqdn": "sipfed.online.lync.com", "VerificationLevel": "UseSourceVerification", "Enabled": {{(scenario == DemoScenario.HostingProviderDisabled ? "false" : "true")}}, "EnabledSharedAddressSpace": false, "HostsOCSUsers": false, "IsLocal": false }
                ]
                """);
            var domains = scenario == DemoScenario.AllowedDomainMissing ? "[]" : """
                [
                    { "Identity": "push.lync.com", "Domain": "push.lync.com", "ProxyFqdn": null, "Comment": "Push notifications", "MarkForMonitoring": false }
                ]
                """;
            Write(folder, "alloweddomains.json", domains);
        }
    }

    // Write then rename, so a probe never reads half a file.
    private void Write(string folder, string name, string content)
    {
        var path = Path.Combine(_directory, folder, name);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content, Encoding.UTF8);
        File.Move(temporary, path, overwrite: true);
    }

    private string Yaml()
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"global:\n  interval: 5s\n  timeout: 2s\n  dns_servers: [\"127.0.0.1:{_dns.EndPoint.Port}\"]\ntargets:\n");
        for (var i = 0; i < _edges.Count; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - name: demo-{_sites[i].ToLowerInvariant()}
                    access_edge_fqdn: {Edge(i)}
                    port: {_edges[i].Port}
                    transport: tls
                    sip_domain: {Domain(i)}
                    site: {_sites[i]}
                    module: {(i % 2 == 0 ? "push_route" : "push_message")}
                    lync_export_dir: exports-{i}
                    tls:
                      ca_file: ca.pem

                """);
        }

        return yaml.ToString();
    }
}
