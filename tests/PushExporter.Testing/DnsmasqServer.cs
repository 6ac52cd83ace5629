using System.Globalization;
using System.Net;

namespace PushExporter.Testing;

/// <summary>
/// dnsmasq in the foreground on a free 127.0.0.1 port (UDP and TCP), serving a
/// <see cref="DnsZone"/> and nothing else: no upstream servers, no /etc/hosts, no
/// /etc/dnsmasq.conf. Queries are logged into <see cref="Output"/>. Killed on dispose.
/// </summary>
public sealed class DnsmasqServer : IAsyncDisposable
{
    /// <summary>What a test that finds no dnsmasq says to run.</summary>
    public const string InstallHint = "apt-get install dnsmasq-base";

    private readonly PeerProcess _process;
    private readonly TempDirectory _directory;

    private DnsmasqServer(PeerProcess process, TempDirectory directory, int port)
    {
        _process = process;
        _directory = directory;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    /// <summary>Where to send queries.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The port, on 127.0.0.1.</summary>
    public int Port => EndPoint.Port;

    /// <summary>dnsmasq's log, including every query it answered.</summary>
    public string Output => _process.Output;

    /// <summary>Starts dnsmasq serving <paramref name="zone"/> and waits until it listens.</summary>
    public static async Task<DnsmasqServer> StartAsync(DnsZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        PeerProcess.Locate("dnsmasq", InstallHint);
        var directory = TempDirectory.Create("dnsmasq");
        var port = FreePort.TcpAndUdp();
        string[] arguments =
        [
            "--keep-in-foreground",
            "--conf-file=/dev/null",
            "--no-resolv",
            "--no-hosts",
            "--no-poll",
            string.Create(CultureInfo.InvariantCulture, $"--port={port}"),
            "--listen-address=127.0.0.1",
            "--bind-interfaces",
            $"--pid-file={directory.File("dnsmasq.pid")}",
            // Answered only from the zone: unknown names are NXDOMAIN, not forwarded or REFUSED.
            $"--local=/{zone.Domain}/",
            // Tests change nothing at run time; a cache would only hide what was asked.
            "--cache-size=0",
            "--log-facility=-",
            "--log-queries",
            .. zone.Arguments,
        ];
        PeerProcess process;
        try
        {
            process = PeerProcess.Start("dnsmasq", InstallHint, arguments);
        }
        catch
        {
            directory.Dispose();
            throw;
        }

        try
        {
            await process.WaitForListenersAsync([port], [port], TimeSpan.FromSeconds(10));
        }
        catch
        {
            await process.DisposeAsync();
            directory.Dispose();
            throw;
        }

        return new DnsmasqServer(process, directory, port);
    }

    /// <summary>Kills dnsmasq and deletes its pid file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}
