using System.Globalization;
using Xunit;

namespace PushExporter.Testing;

/// <summary>
/// Kamailio standing in for a Lync/Skype for Business Access Edge: one process on 127.0.0.1
/// with one port per <see cref="EdgeScenario"/> per transport (UDP, TCP, TLS), routing by
/// received port. Share one per test collection (<c>ICollectionFixture&lt;KamailioEdge&gt;</c>).
/// Also listens on <see cref="UntrustedTlsPort"/> (a certificate from a CA nobody trusts) and
/// <see cref="MutualTlsPort"/> (demands a client certificate from <see cref="Certificates"/>);
/// both answer 200 OK. The <see cref="EdgeScenario.Forward"/> scenario relays to a SIPp
/// clearing house (<see cref="ClearingHouse"/>) that answers 200 OK after 10 ms.
/// </summary>
/// <remarks>
/// Kamailio 5.6.3 (Debian 12) with OpenSSL 3 corrupts memory under concurrent TLS connections
/// (kamailio issue #3791): use its TLS ports for sequential exchanges only, and
/// <see cref="StunnelTls"/> in front of a TCP port where TLS must be concurrent.
/// </remarks>
public sealed class KamailioEdge : IAsyncLifetime
{
    /// <summary>What a test that finds no Kamailio says to run.</summary>
    public const string InstallHint = "apt-get install kamailio kamailio-tls-modules";

    /// <summary>The names the server certificates cover (besides 127.0.0.1).</summary>
    public static readonly IReadOnlyList<string> CertificateNames = ["edge.test", "localhost"];

    /// <summary>How long the clearing house behind <see cref="EdgeScenario.Forward"/> takes to answer.</summary>
    public static readonly TimeSpan ClearingHouseDelay = TimeSpan.FromMilliseconds(10);

    private readonly Dictionary<(EdgeScenario Scenario, PeerTransport Transport), int> _ports = [];
    private TempDirectory? _directory;
    private PeerProcess? _process;
    private TestCertificates? _certificates;
    private SippPeer? _clearingHouse;

    /// <summary>The test CA, server, untrusted and client certificates Kamailio uses.</summary>
    public TestCertificates Certificates => _certificates ?? throw NotStarted();

    /// <summary>The SIPp UAS that <see cref="EdgeScenario.Forward"/> relays to.</summary>
    public SippPeer ClearingHouse => _clearingHouse ?? throw NotStarted();

    /// <summary>A TLS port presenting <see cref="TestCertificates.UntrustedServer"/>; answers 200 OK.</summary>
    public int UntrustedTlsPort { get; private set; }

    /// <summary>A TLS port that requires a client certificate issued by the test CA; answers 200 OK.</summary>
    public int MutualTlsPort { get; private set; }

    /// <summary>The generated kamailio.cfg.</summary>
    public string ConfigPath => _directory?.File("kamailio.cfg") ?? throw NotStarted();

    /// <summary>What Kamailio has logged so far (include it in assertion messages).</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>The 127.0.0.1 port where <paramref name="scenario"/> is served over <paramref name="transport"/>.</summary>
    public int Port(EdgeScenario scenario, PeerTransport transport) =>
        _ports.TryGetValue((scenario, transport), out var port) ? port : throw NotStarted();

    /// <summary>Generates certificates and configuration, starts the clearing house and Kamailio, and waits for every listener.</summary>
    public async ValueTask InitializeAsync()
    {
        PeerProcess.Locate("kamailio", InstallHint);
        // Fail on a missing kamailio-tls-modules before generating anything.
        _ = KamailioConfig.ModulePath();
        _directory = TempDirectory.Create("kamailio");
        _certificates = TestCertificates.Create([.. CertificateNames]);
        _clearingHouse = await SippPeer.StartAnsweringAsync(PeerTransport.Udp, ClearingHouseDelay);
        foreach (var scenario in Enum.GetValues<EdgeScenario>())
        {
            _ports[(scenario, PeerTransport.Udp)] = FreePort.Udp();
            _ports[(scenario, PeerTransport.Tcp)] = FreePort.Tcp();
            _ports[(scenario, PeerTransport.Tls)] = FreePort.Tcp();
        }

        UntrustedTlsPort = FreePort.Tcp();
        MutualTlsPort = FreePort.Tcp();
        var tlsConfig = _directory.File("tls.cfg");
        await File.WriteAllTextAsync(tlsConfig, KamailioConfig.RenderTls(_certificates, UntrustedTlsPort, MutualTlsPort));
        await File.WriteAllTextAsync(ConfigPath, KamailioConfig.Render(_ports, [UntrustedTlsPort, MutualTlsPort], _clearingHouse.Port, tlsConfig));

        _process = PeerProcess.Start("kamailio", InstallHint,
        [
            "-DD", "-E",
            "-f", ConfigPath,
            "-Y", _directory.Path,
            "-P", _directory.File("kamailio.pid"),
            // Shared and per-process memory in MB: far below the defaults, ample for tests.
            "-m", "64", "-M", "8",
        ]);
        await _process.WaitForListenersAsync(
            _ports.Where(p => p.Key.Transport != PeerTransport.Udp).Select(p => p.Value).Append(UntrustedTlsPort).Append(MutualTlsPort),
            _ports.Where(p => p.Key.Transport == PeerTransport.Udp).Select(p => p.Value),
            TimeSpan.FromSeconds(20));
    }

    /// <summary>Stops Kamailio and the clearing house and deletes the generated files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (_clearingHouse is not null)
        {
            await _clearingHouse.DisposeAsync();
        }

        _certificates?.Dispose();
        _directory?.Dispose();
    }

    /// <summary>A failure that carries Kamailio's log, for assertions on what it answered.</summary>
    public PeerException Failure(string message) =>
        _process?.Failure(message) ?? new PeerException(string.Create(CultureInfo.InvariantCulture, $"kamailio not started: {message}"));

    private static InvalidOperationException NotStarted() => new("KamailioEdge is used before InitializeAsync completed");
}
