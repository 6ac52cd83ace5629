using System.Globalization;

namespace PushExporter.Testing;

/// <summary>
/// stunnel4 terminating TLS on a free 127.0.0.1 port in front of a plain TCP listener
/// (typically a <see cref="KamailioEdge"/> TCP scenario port). Use it where TLS must carry
/// concurrent connections: Kamailio 5.6.3's own TLS with OpenSSL 3 corrupts memory under
/// concurrent handshakes (kamailio issue #3791); sequential exchanges through Kamailio's TLS are fine.
/// </summary>
public sealed class StunnelTls : IAsyncDisposable
{
    private const string InstallHint = "apt-get install stunnel4";

    private readonly PeerProcess _process;
    private readonly TempDirectory _directory;

    private StunnelTls(PeerProcess process, TempDirectory directory, int port, int backendPort)
    {
        _process = process;
        _directory = directory;
        Port = port;
        BackendPort = backendPort;
    }

    /// <summary>The TLS port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The TCP port on 127.0.0.1 that decrypted traffic goes to.</summary>
    public int BackendPort { get; }

    /// <summary>What stunnel logged.</summary>
    public string Output => _process.Output;

    /// <summary>Starts stunnel presenting <paramref name="certificate"/> (its chain) and relaying to <paramref name="backendTcpPort"/>.</summary>
    public static async Task<StunnelTls> StartAsync(int backendTcpPort, CertificateFiles certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var directory = TempDirectory.Create("stunnel");
        var port = FreePort.Tcp();
        var config = directory.File("stunnel.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            foreground = yes
            pid = {directory.File("stunnel.pid")}
            syslog = no
            debug = notice

            [edge]
            accept = 127.0.0.1:{port}
            connect = 127.0.0.1:{backendTcpPort}
            cert = {certificate.ChainPath}
            key = {certificate.KeyPath}

            """));
        PeerProcess process;
        try
        {
            process = PeerProcess.Start("stunnel4", InstallHint, [config]);
        }
        catch
        {
            directory.Dispose();
            throw;
        }

        try
        {
            await process.WaitForListenersAsync([port], [], TimeSpan.FromSeconds(10));
        }
        catch
        {
            await process.DisposeAsync();
            directory.Dispose();
            throw;
        }

        return new StunnelTls(process, directory, port, backendTcpPort);
    }

    /// <summary>Kills stunnel and deletes its configuration.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}
