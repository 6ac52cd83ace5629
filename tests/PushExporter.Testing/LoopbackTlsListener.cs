using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace PushExporter.Testing;

/// <summary>
/// A TLS server in the test process on a free 127.0.0.1 port: it completes the handshake with
/// one certificate (and its chain) over the given protocol versions, then waits for the client
/// to close. It carries no application data — enough for a check of a certificate,
/// a name and a TLS version, such as the Edge's external interface. Any number of clients at once.
/// </summary>
public sealed class LoopbackTlsListener : IAsyncDisposable
{
    private static readonly TimeSpan _clientLimit = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly SslStreamCertificateContext _context;
    private readonly SslProtocols _protocols;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private int _handshakes;

    private LoopbackTlsListener(CertificateFiles certificate, SslProtocols protocols)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificate.ChainPath);
        var leaf = X509Certificate2.CreateFromPemFile(certificate.CertificatePath, certificate.KeyPath);
        _context = SslStreamCertificateContext.Create(leaf, [.. chain.Skip(1)], offline: true);
        _protocols = protocols;
        // A FreePort number, so that no other peer of this process is handed the same one.
        _listener = new TcpListener(IPAddress.Loopback, FreePort.Tcp());
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The TLS port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Handshakes completed so far.</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    /// <summary>Listens presenting <paramref name="certificate"/>, offering <paramref name="protocols"/> (default TLS 1.2 and 1.3).</summary>
    public static LoopbackTlsListener Start(CertificateFiles certificate, SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new LoopbackTlsListener(certificate, protocols);
    }

    /// <summary>Stops listening and drops every client.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        limit.CancelAfter(_clientLimit);
        await using var stream = new SslStream(new NetworkStream(client, ownsSocket: true));
        try
        {
            await stream.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificateContext = _context, EnabledSslProtocols = _protocols, ClientCertificateRequired = false },
                limit.Token);
            Interlocked.Increment(ref _handshakes);
            var buffer = new byte[256];
            while (await stream.ReadAsync(buffer, limit.Token) > 0)
            {
            }
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A client that refuses the certificate or the version ends its own handshake: that is the point.
        }
    }
}
