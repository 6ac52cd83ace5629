using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using PushExporter.Testing;
using PushExporter.Tests.EndToEnd;

namespace PushExporter.Tests.Web;

/// <summary>
/// Ad hoc <c>/probe</c> targets against the real binary (issue 11, finding 10): with the default
/// allow-list, loopback addresses and ports other than SIP's are refused before any connection;
/// an explicit allow-list opens exactly what it names, checked after DNS resolution; and
/// <c>debug=true</c> shows a peer's bytes for an ad hoc target only when configured to.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AdhocTargetTests : IClassFixture<AdhocTargetTests.World>
{
    private readonly World _world;

    public AdhocTargetTests(World world) => _world = world;

    [Fact]
    public async Task An_allow_listed_address_and_port_are_probed()
    {
        var (status, body) = await World.ProbeAsync(_world.AllowListed, $"edge.test:{_world.Tls.Port}");

        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
        Assert.True(ExpositionText.Parse(body).Value("probe_success") == 1, body);
    }

    [Fact]
    public async Task A_name_that_resolves_outside_the_allow_list_is_refused_after_resolution()
    {
        var before = _world.Edge.Connections;
        var (status, body) = await World.ProbeAsync(_world.AllowListed, $"elsewhere.test:{_world.Tls.Port}");

        Assert.True(status == HttpStatusCode.Forbidden, $"{(int)status}: {body}");
        Assert.Contains("elsewhere.test resolves to 127.0.0.2", body, StringComparison.Ordinal);
        Assert.Contains("adhoc_allowed_networks", body, StringComparison.Ordinal);
        Assert.Equal(before, _world.Edge.Connections);
        Assert.Contains("elsewhere.test", _world.Dns.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allow_list_refuses_a_port_it_does_not_name()
    {
        var (status, body) = await World.ProbeAsync(_world.AllowListed, "edge.test:5061");

        Assert.True(status == HttpStatusCode.Forbidden, $"{(int)status}: {body}");
        Assert.Contains($"port 5061 is not in global.adhoc_allowed_ports ({_world.Tls.Port})", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debug_output_of_an_ad_hoc_target_withholds_the_peers_bytes_unless_configured_to_show_them()
    {
        var adhoc = $"edge.test:{_world.Tls.Port}";
        var (status, withheld) = await World.ProbeAsync(_world.AllowListed, adhoc, debug: true);
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {withheld}");
        Assert.DoesNotContain(_world.Marker, withheld, StringComparison.Ordinal);
        Assert.Contains("adhoc_debug_peer_bytes", withheld, StringComparison.Ordinal);
        Assert.Contains("OPTIONS sip:push@push.lync.com SIP/2.0", withheld, StringComparison.Ordinal);
        Assert.Contains("probe_success 1", withheld, StringComparison.Ordinal);

        // A configured target is the operator's own: its trace shows what the Edge sent.
        var (_, configured) = await World.ProbeAsync(_world.AllowListed, "configured_edge", debug: true);
        Assert.Contains(_world.Marker, configured, StringComparison.Ordinal);

        await _world.WithPeerBytesShownAsync(async () =>
        {
            var (_, shown) = await World.ProbeAsync(_world.AllowListed, adhoc, debug: true);
            Assert.Contains(_world.Marker, shown, StringComparison.Ordinal);
        });
    }

    /// <summary>
    /// An Edge behind stunnel (TLS for <c>edge.test</c> from a test CA that the exporters take as
    /// their system trust, through <c>SSL_CERT_FILE</c>), dnsmasq, and two exporters: one with the
    /// default allow-list, one that allows 127.0.0.1/32 and the Edge's port.
    /// </summary>
    public sealed class World : IAsyncLifetime
    {
        private readonly TempDirectory _directory = TempDirectory.Create("adhoc");
        private readonly TestCertificates _certificates = TestCertificates.Create("edge.test");
        private ScriptedEdge? _edge;
        private StunnelTls? _tls;
        private DnsmasqServer? _dns;
        private ExporterProcess? _allowListed;

        /// <summary>What the Edge says that nobody else could: it must not be echoed unless allowed.</summary>
        public string Marker { get; } = "peer-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

        public ScriptedEdge Edge => _edge!;

        public StunnelTls Tls => _tls!;

        public DnsmasqServer Dns => _dns!;

        public ExporterProcess AllowListed => _allowListed!;

        private string AllowListedPath => _directory.File("allow-listed.yml");

        public async ValueTask InitializeAsync()
        {
            _edge = ScriptedEdge.Answering(exchange => Encoding.UTF8.GetBytes(exchange.Response(200, "OK " + Marker, Marker)));
            _tls = await StunnelTls.StartAsync(_edge.Port, _certificates.Server);
            _dns = await DnsmasqServer.StartAsync(new DnsZone().Address("edge.test", IPAddress.Loopback).Address("elsewhere.test", IPAddress.Parse("127.0.0.2")));

            await File.WriteAllTextAsync(AllowListedPath, AllowListedConfig(showPeerBytes: false));
            _allowListed = ExporterProcess.Start(FreePort.Tcp(), new Dictionary<string, string> { ["SSL_CERT_FILE"] = _certificates.Ca.CertificatePath }, "--config.file", AllowListedPath);

            using var http = Client(_allowListed);
            await _allowListed.WaitUntilHealthyAsync(http);
        }

        public static Task<(HttpStatusCode Status, string Body)> ProbeAsync(ExporterProcess exporter, string target, bool debug = false) =>
            AdhocDefaultsTests.ProbeAsync(exporter, target, debug);

        /// <summary>Runs <paramref name="action"/> with <c>adhoc_debug_peer_bytes: true</c> reloaded into the allow-listed exporter.</summary>
        public async Task WithPeerBytesShownAsync(Func<Task> action)
        {
            ArgumentNullException.ThrowIfNull(action);
            await ReloadAsync(showPeerBytes: true);
            try
            {
                await action();
            }
            finally
            {
                await ReloadAsync(showPeerBytes: false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_allowListed is not null)
            {
                await _allowListed.DisposeAsync();
            }

            if (_dns is not null)
            {
                await _dns.DisposeAsync();
            }

            if (_tls is not null)
            {
                await _tls.DisposeAsync();
            }

            if (_edge is not null)
            {
                await _edge.DisposeAsync();
            }

            _certificates.Dispose();
            _directory.Dispose();
        }

        private async Task ReloadAsync(bool showPeerBytes)
        {
            await File.WriteAllTextAsync(AllowListedPath, AllowListedConfig(showPeerBytes));
            using var http = Client(AllowListed);
            using var response = await http.PostAsync(new Uri("-/reload", UriKind.Relative), null, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        private string AllowListedConfig(bool showPeerBytes) => string.Create(CultureInfo.InvariantCulture, $"""
            global:
              interval: 1h
              timeout: 5s
              dns_servers: ["127.0.0.1:{_dns!.Port}"]
              allow_adhoc_targets: true
              adhoc_allowed_networks: [127.0.0.1/32]
              adhoc_allowed_ports: [{_tls!.Port}]
              adhoc_debug_peer_bytes: {(showPeerBytes ? "true" : "false")}
            targets:
              - name: configured_edge
                access_edge_fqdn: edge.test
                port: {_tls.Port}
                tls:
                  ca_file: {_certificates.Ca.CertificatePath}

            """);

        private static HttpClient Client(ExporterProcess exporter) => AdhocDefaultsTests.Client(exporter);
    }
}

/// <summary>
/// The default allow-list (issue 11, finding 10): an exporter with <c>allow_adhoc_targets: true</c>
/// and nothing else refuses loopback addresses and every port but SIP's, before any connection.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AdhocDefaultsTests(AdhocDefaultsTests.Exporter exporter) : IClassFixture<AdhocDefaultsTests.Exporter>
{
    public static TheoryData<string> RefusedByDefault => new()
    {
        "127.0.0.1",
        "127.0.0.1:5060",
        "127.1.2.3:5061",
        "[::1]:5061",
        "[::ffff:127.0.0.1]:5061",
        "0.0.0.0:5061",
    };

    [Theory]
    [MemberData(nameof(RefusedByDefault))]
    public async Task The_default_allow_list_refuses_loopback_addresses_without_connecting(string target)
    {
        var (status, body) = await ProbeAsync(exporter.Process, target);

        Assert.True(status == HttpStatusCode.Forbidden, $"{(int)status}: {body}");
        Assert.Contains("adhoc_allowed_networks", body, StringComparison.Ordinal);
        Assert.Contains("loopback", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_allow_list_refuses_a_port_other_than_sips_without_connecting()
    {
        var before = exporter.Edge.Connections;
        var (status, body) = await ProbeAsync(exporter.Process, $"127.0.0.1:{exporter.Edge.Port}");

        Assert.True(status == HttpStatusCode.Forbidden, $"{(int)status}: {body}");
        Assert.Contains($"port {exporter.Edge.Port} is not in global.adhoc_allowed_ports (5060, 5061)", body, StringComparison.Ordinal);
        Assert.Equal(before, exporter.Edge.Connections);
    }

    internal static async Task<(HttpStatusCode Status, string Body)> ProbeAsync(ExporterProcess exporter, string target, bool debug = false)
    {
        using var http = Client(exporter);
        using var response = await http.GetAsync(new Uri($"probe?target={Uri.EscapeDataString(target)}{(debug ? "&debug=true" : string.Empty)}", UriKind.Relative), TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    internal static HttpClient Client(ExporterProcess exporter) =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{exporter.Port}/"), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>An exporter with ad hoc targets on and the default allow-list, and an Edge that answers anyone on a loopback port.</summary>
    public sealed class Exporter : IAsyncLifetime
    {
        private readonly TempDirectory _directory = TempDirectory.Create("adhoc-defaults");
        private ScriptedEdge? _edge;
        private ExporterProcess? _process;

        public ScriptedEdge Edge => _edge!;

        public ExporterProcess Process => _process!;

        public async ValueTask InitializeAsync()
        {
            _edge = ScriptedEdge.Answering(exchange => Encoding.UTF8.GetBytes(exchange.Response(200, "OK")));
            var config = _directory.File("pushexporter.yml");
            await File.WriteAllTextAsync(config, ConfigFiles.RefusingTarget("configured", FreePort.Tcp()).Replace("global:\n", "global:\n  allow_adhoc_targets: true\n", StringComparison.Ordinal));
            _process = ExporterProcess.Start(FreePort.Tcp(), "--config.file", config);
            using var http = Client(_process);
            await _process.WaitUntilHealthyAsync(http);
        }

        public async ValueTask DisposeAsync()
        {
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }

            if (_edge is not null)
            {
                await _edge.DisposeAsync();
            }

            _directory.Dispose();
        }
    }
}
