using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PushExporter.Sip.Tests.Peers;

/// <summary>
/// A hand-written OPTIONS sent over plain sockets: the harness tests prove the peers with
/// bytes on the wire, independent of the SIP library they exist to test.
/// </summary>
internal static class RawSip
{
    private static readonly TimeSpan _receiveTimeout = TimeSpan.FromSeconds(3);

    public static byte[] Options(string transport, int localPort, string method = "OPTIONS")
    {
        var callId = Guid.NewGuid().ToString("N");
        return Encoding.ASCII.GetBytes(
            $"{method} sip:push@push.lync.com SIP/2.0\r\n" +
            $"Via: SIP/2.0/{transport} 127.0.0.1:{localPort};branch=z9hG4bK{callId[..12]};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:probe@pushexporter.test>;tag={callId[..8]}\r\n" +
            "To: <sip:push@push.lync.com>\r\n" +
            $"Call-ID: {callId}\r\n" +
            $"CSeq: 1 {method}\r\n" +
            "Content-Length: 0\r\n\r\n");
    }

    /// <summary>Sends one request over UDP and returns every response received until a final one (or silence), with the round trip.</summary>
    public static async Task<Exchange> UdpAsync(int port, TimeSpan? wait = null, string method = "OPTIONS")
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var clock = Stopwatch.StartNew();
        await socket.SendToAsync(Options("UDP", local, method), new IPEndPoint(IPAddress.Loopback, port));
        var responses = new List<string>();
        using var deadline = new CancellationTokenSource(wait ?? _receiveTimeout);
        var buffer = new byte[8192];
        try
        {
            while (responses.Count == 0 || IsProvisional(responses[^1]))
            {
                var received = await socket.ReceiveAsync(buffer, deadline.Token);
                responses.Add(Encoding.ASCII.GetString(buffer, 0, received));
            }
        }
        catch (OperationCanceledException)
        {
            // Silence is an answer too: the caller looks at what arrived.
        }

        return new Exchange(responses, clock.Elapsed);
    }

    /// <summary>Sends one request over TCP, or TLS when <paramref name="tls"/> is given.</summary>
    public static async Task<Exchange> StreamAsync(int port, TlsOptions? tls = null, TimeSpan? wait = null, string method = "OPTIONS")
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(IPAddress.Loopback, port);
        var local = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        await using var network = client.GetStream();
        await using var ssl = tls is null ? null : new SslStream(network, leaveInnerStreamOpen: true);
        Stream stream = ssl is null ? network : ssl;
        if (ssl is not null && tls is not null)
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = tls.ServerName,
                ClientCertificates = tls.ClientCertificate is null ? null : [tls.ClientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => tls.Validate(certificate as X509Certificate2),
            });
        }

        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(Options(tls is null ? "TCP" : "TLS", local, method));
        var responses = new List<string>();
        var pending = new StringBuilder();
        using var deadline = new CancellationTokenSource(wait ?? _receiveTimeout);
        var buffer = new byte[8192];
        try
        {
            while (responses.Count == 0 || IsProvisional(responses[^1]))
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    break;
                }

                pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
                // Responses from these peers carry "Content-Length: 0": one message per blank line.
                var text = pending.ToString();
                int end;
                while ((end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                {
                    responses.Add(text[..(end + 4)]);
                    text = text[(end + 4)..];
                }

                pending.Clear().Append(text);
            }
        }
        catch (OperationCanceledException)
        {
            // Silence: report what arrived.
        }

        return new Exchange(responses, clock.Elapsed);
    }

    private static bool IsProvisional(string response) => response.StartsWith("SIP/2.0 1", StringComparison.Ordinal);

    /// <summary>What came back for one request.</summary>
    internal sealed record Exchange(IReadOnlyList<string> Responses, TimeSpan Elapsed)
    {
        public string Final => Responses.Count > 0 ? Responses[^1] : "";

        public string StatusLine => Final.Split("\r\n")[0];
    }

    /// <summary>How the TLS client authenticates the server and itself.</summary>
    internal sealed record TlsOptions(string ServerName, Func<X509Certificate2?, bool> Validate, X509Certificate2? ClientCertificate = null)
    {
        /// <summary>Trust exactly the CA in <paramref name="caPath"/> (chain built with a custom root store).</summary>
        public static TlsOptions Trusting(string caPath, string serverName = "edge.test", X509Certificate2? clientCertificate = null)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(caPath);
            return new TlsOptions(serverName, certificate =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate) && certificate.MatchesHostname(serverName);
            }, clientCertificate);
        }
    }
}
