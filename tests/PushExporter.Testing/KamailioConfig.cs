using System.Globalization;
using System.Text;

namespace PushExporter.Testing;

/// <summary>
/// Renders the Kamailio configuration of <see cref="KamailioEdge"/>: one listener per
/// scenario and transport, and a request route that picks the scenario by received port
/// (<c>$Rp</c>), since every scenario receives the same <c>sip:push@push.lync.com</c> request.
/// </summary>
internal static class KamailioConfig
{
    private static readonly string[] _moduleDirectories =
    [
        "/usr/lib/x86_64-linux-gnu/kamailio/modules",
        "/usr/lib/aarch64-linux-gnu/kamailio/modules",
        "/usr/lib64/kamailio/modules",
        "/usr/lib/kamailio/modules",
    ];

    /// <summary>Where Debian put Kamailio's modules; fails naming the package when the TLS module is missing.</summary>
    public static string ModulePath() =>
        _moduleDirectories.FirstOrDefault(d => File.Exists(Path.Combine(d, "tls.so")))
        ?? throw new PeerException($"kamailio's tls.so not found in {string.Join(", ", _moduleDirectories)}: {KamailioEdge.InstallHint}");

    public static string Render(
        IReadOnlyDictionary<(EdgeScenario Scenario, PeerTransport Transport), int> ports,
        IReadOnlyList<int> extraOkTlsPorts,
        int clearingHousePort,
        string tlsConfigPath)
    {
        var modulePath = ModulePath();
        var cfg = new StringBuilder();
        cfg.Append(CultureInfo.InvariantCulture, $"""
            #!KAMAILIO
            debug=2
            log_stderror=yes
            # Light on a 2-core machine: one worker per UDP socket, two for all TCP/TLS.
            children=1
            tcp_children=2
            dns=no
            rev_dns=no
            auto_aliases=no
            enable_tls=yes
            tcp_connection_lifetime=60

            """);
        foreach (var ((_, transport), port) in ports.OrderBy(p => p.Value))
        {
            cfg.Append(CultureInfo.InvariantCulture, $"listen={Proto(transport)}:127.0.0.1:{port}\n");
        }

        foreach (var port in extraOkTlsPorts)
        {
            cfg.Append(CultureInfo.InvariantCulture, $"listen=tls:127.0.0.1:{port}\n");
        }

        cfg.Append(CultureInfo.InvariantCulture, $$"""

            mpath="{{modulePath}}"
            # tls first: with OpenSSL 3 it must initialise before other modules touch shared memory.
            loadmodule "tls.so"
            loadmodule "sl.so"
            loadmodule "tm.so"
            loadmodule "textops.so"
            loadmodule "pv.so"
            loadmodule "xlog.so"
            loadmodule "cfgutils.so"
            modparam("tls", "config", "{{tlsConfigPath}}")

            request_route {
                # Reply to where the request came from, whatever the client wrote in its Via.
                force_rport();
                if (is_method("ACK")) {
                    exit;
                }

            """);
        foreach (var scenario in Enum.GetValues<EdgeScenario>())
        {
            var scenarioPorts = ports.Where(p => p.Key.Scenario == scenario).Select(p => p.Value);
            if (scenario == EdgeScenario.Ok)
            {
                scenarioPorts = scenarioPorts.Concat(extraOkTlsPorts);
            }

            var condition = string.Join(" || ", scenarioPorts.Select(p => string.Create(CultureInfo.InvariantCulture, $"$Rp == {p}")));
            cfg.Append(CultureInfo.InvariantCulture, $"    if ({condition}) {{\n        route({scenario.ToString().ToUpperInvariant()});\n        exit;\n    }}\n");
        }

        cfg.Append("    sl_send_reply(\"404\", \"No scenario on this port\");\n}\n\n");
        var forwardUdp = ports[(EdgeScenario.Forward, PeerTransport.Udp)];
        foreach (var scenario in Enum.GetValues<EdgeScenario>())
        {
            cfg.Append(CultureInfo.InvariantCulture, $"route[{scenario.ToString().ToUpperInvariant()}] {{\n{Body(scenario, clearingHousePort, forwardUdp)}}}\n\n");
        }

        return cfg.ToString();
    }

    public static string RenderTls(TestCertificates certificates, int untrustedPort, int mutualPort) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            [server:default]
            method = TLSv1.2+
            certificate = {certificates.Server.ChainPath}
            private_key = {certificates.Server.KeyPath}
            verify_certificate = no
            require_certificate = no

            [server:127.0.0.1:{untrustedPort}]
            method = TLSv1.2+
            certificate = {certificates.UntrustedServer.ChainPath}
            private_key = {certificates.UntrustedServer.KeyPath}
            verify_certificate = no
            require_certificate = no

            [server:127.0.0.1:{mutualPort}]
            method = TLSv1.2+
            certificate = {certificates.Server.ChainPath}
            private_key = {certificates.Server.KeyPath}
            ca_list = {certificates.Ca.CertificatePath}
            verify_certificate = yes
            require_certificate = yes

            [client:default]
            verify_certificate = no
            require_certificate = no

            """);

    private static string Proto(PeerTransport transport) => transport switch
    {
        PeerTransport.Udp => "udp",
        PeerTransport.Tcp => "tcp",
        _ => "tls",
    };

    private static string Body(EdgeScenario scenario, int clearingHousePort, int forwardUdpPort) => scenario switch
    {
        EdgeScenario.Ok => Reply("200", "OK"),
        EdgeScenario.Forward => string.Create(CultureInfo.InvariantCulture, $$"""
                $du = "sip:127.0.0.1:{{clearingHousePort}};transport=udp";
                force_send_socket(udp:127.0.0.1:{{forwardUdpPort}});
                if (!t_relay()) {
                    sl_reply_error();
                }

            """),
        EdgeScenario.TryingThenOk => """
                t_newtran();
                t_reply("100", "Trying");
                # Long enough that a client sees the provisional response on its own.
                usleep("100000");
                t_reply("200", "OK");

            """,
        EdgeScenario.Timeout504Diag1008 => Diagnosed("ms-diagnostics", 1008, "Unable to resolve DNS SRV record", "504", "Server time-out"),
        EdgeScenario.Timeout504DiagPublic1046 => Diagnosed("ms-diagnostics-public", 1046, "Failed to connect to a federated peer server", "504", "Server time-out"),
        EdgeScenario.Forbidden403Diag1027 => Diagnosed("ms-diagnostics", 1027, "Cannot route this type of SIP request to or from federated partners", "403", "Not allowed to route to federated partner"),
        EdgeScenario.Forbidden403Diag1002 => Diagnosed("ms-diagnostics", 1002, "From URI not authorized to communicate with federated partners", "403", "Forbidden"),
        EdgeScenario.Timeout504Diag1005 => Diagnosed("ms-diagnostics", 1005, "Cannot route to destination domain", "504", "Server time-out"),
        EdgeScenario.Timeout504Diag1009 => Diagnosed("ms-diagnostics", 1009, "Conflicting SRV and host domains in DNS", "504", "Server time-out"),
        EdgeScenario.Timeout504Diag1010 => Diagnosed("ms-diagnostics", 1010, "Certificate trust with next-hop server could not be established", "504", "Server time-out"),
        EdgeScenario.Timeout504Diag1014 => Diagnosed("ms-diagnostics", 1014, "Unable to resolve DNS A record", "504", "Server time-out"),
        EdgeScenario.Timeout504DiagPublic1034 => Diagnosed("ms-diagnostics-public", 1034, "Previous hop federated peer did not report diagnostic information", "504", "Server time-out"),
        EdgeScenario.Timeout504DiagPublic1047 => Diagnosed("ms-diagnostics-public", 1047, "Failed to complete TLS negotiation with a federated peer server", "504", "Server time-out"),
        EdgeScenario.Forbidden403Diag16000 => Diagnosed("ms-diagnostics", 16000, "Intelligent IM Filter", "403", "Forbidden"),
        EdgeScenario.Forbidden403Rejected => Reply("403", "Push Notification request was rejected"),
        EdgeScenario.Forbidden403 => Reply("403", "Forbidden"),
        EdgeScenario.Busy486 => Reply("486", "Busy Here"),
        EdgeScenario.Silence => "    drop;\n",
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
    };

    private static string Reply(string code, string reason) => $"    sl_send_reply(\"{code}\", \"{reason}\");\n";

    // The header as a Lync Edge writes it: code;reason="...";source="edge.test".
    private static string Diagnosed(string header, int code, string reason, string status, string phrase) =>
        string.Create(CultureInfo.InvariantCulture, $"    append_to_reply(\"{header}: {code};reason=\\\"{reason}\\\";source=\\\"edge.test\\\"\\r\\n\");\n")
        + Reply(status, phrase);
}
