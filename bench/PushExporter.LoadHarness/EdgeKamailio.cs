using System.Globalization;
using PushExporter.Testing;

namespace PushExporter.LoadHarness;

/// <summary>
/// One Kamailio on 127.0.0.1 with a single TCP listener that answers every request 200 OK
/// statelessly: the cheapest Edge there is, so that the exporter's cost is what is measured.
/// Unlike the tests' <see cref="KamailioEdge"/> it takes a TCP worker count, because
/// 10,000 targets at 10 s is 1,000 connections a second.
/// </summary>
internal sealed class EdgeKamailio : IAsyncDisposable
{
    private static readonly string[] _moduleDirectories =
        ["/usr/lib/x86_64-linux-gnu/kamailio/modules", "/usr/lib/aarch64-linux-gnu/kamailio/modules", "/usr/lib/kamailio/modules"];

    private readonly string _directory;
    private readonly PeerProcess _process;

    private EdgeKamailio(string directory, PeerProcess process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public static async Task<EdgeKamailio> StartAsync(int tcpChildren)
    {
        var directory = Directory.CreateTempSubdirectory("pushexporter-load-kamailio-").FullName;
        var port = FreePort.Tcp();
        var config = Path.Combine(directory, "kamailio.cfg");
        var modules = _moduleDirectories
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "sl.so")))
            ?? throw new PeerException("kamailio modules not found: apt-get install kamailio");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
            #!KAMAILIO
            debug=1
            log_stderror=yes
            children=1
            tcp_children={{tcpChildren}}
            dns=no
            rev_dns=no
            auto_aliases=no
            tcp_connection_lifetime=30
            tcp_max_connections=16384
            listen=tcp:127.0.0.1:{{port}}
            mpath="{{modules}}"
            loadmodule "sl.so"
            request_route {
                force_rport();
                sl_send_reply("200", "OK");
                exit;
            }

            """));
        var process = PeerProcess.Start("kamailio", "apt-get install kamailio",
            ["-DD", "-E", "-f", config, "-Y", directory, "-P", Path.Combine(directory, "kamailio.pid"), "-m", "256", "-M", "16"]);
        await process.WaitForListenersAsync([port], [], TimeSpan.FromSeconds(20));
        return new EdgeKamailio(directory, process, port);
    }

    /// <summary>CPU time of every Kamailio process (the main one and its workers).</summary>
    public double CpuSeconds()
    {
        var total = 0.0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == Pid || parent == Pid)
                {
                    total += ProcessSample.Read(pid).CpuSeconds;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
