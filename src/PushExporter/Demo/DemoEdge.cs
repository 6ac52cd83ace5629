using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PushExporter.Sip.Message;
using PushExporter.Sip.Transport;

namespace PushExporter.Demo;

/// <summary>
/// A simulated Access Edge on 127.0.0.1 for one demo target: SIP over TLS, answering each
/// request the way a real Edge does in the target's current scenario — relaying to the
/// in-process clearing house, or answering 504/403/486 with Lync's ms-diagnostics, or not at all.
/// </summary>
internal sealed class DemoEdge : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<DemoScenario> _scenario;
    private readonly X509Certificate2 _trusted;
    private readonly X509Certificate2 _untrusted;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DemoEdge(Func<DemoScenario> scenario, X509Certificate2 trusted, X509Certificate2 untrusted)
    {
        _scenario = scenario;
        _trusted = trusted;
        _untrusted = untrusted;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        lifetime.CancelAfter(TimeSpan.FromSeconds(30));
        var scenario = _scenario();
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await using var connection = new StreamSipConnection(stream, SipTransportKind.Tls, socket, SipParserLimits.Default);
        try
        {
            await stream.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = scenario == DemoScenario.TlsFailed ? _untrusted : _trusted,
                    EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                },
                lifetime.Token).ConfigureAwait(false);

            while (!lifetime.IsCancellationRequested)
            {
                var received = await connection.ReceiveAsync(lifetime.Token).ConfigureAwait(false);
                if (received.Message is not SipRequest request)
                {
                    return;
                }

                if (Answer(request, scenario) is { } response)
                {
                    await connection.SendAsync(Encoding.UTF8.GetBytes(response), lifetime.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SipTransportException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            // The prober went away, or rejected our certificate (the tls_failed scenario).
        }
    }

    private static string? Answer(SipRequest request, DemoScenario scenario)
    {
        var (status, reason, diagnostics) = scenario switch
        {
            DemoScenario.Timeout => (0, string.Empty, null),
            DemoScenario.ServerTimeout => (504, "Server time-out", "ms-diagnostics-public: 1046;reason=\"Failed to connect to a federated peer server\";source=\"edge.demo.pushexporter.test\""),
            DemoScenario.Rejected => (403, "Push Notification request was rejected", null),
            DemoScenario.FederationDenied => (403, "Forbidden", "ms-diagnostics: 1027;reason=\"Cannot route this type of SIP request to or from federated partners\";source=\"edge.demo.pushexporter.test\""),
            DemoScenario.UnexpectedResponse => (486, "Busy Here", null),
            _ => ToTuple(DemoClearingHouse.Answer(request)),
        };
        if (status == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"SIP/2.0 {status} {reason}\r\n");
        foreach (var via in request.Headers.GetAll("Via"))
        {
            text.Append("Via: ").Append(via).Append("\r\n");
        }

        text.Append("From: ").Append(request.Headers["From"]).Append("\r\n");
        text.Append("To: ").Append(request.Headers["To"]).Append(";tag=demoedge\r\n");
        text.Append("Call-ID: ").Append(request.CallId).Append("\r\n");
        text.Append("CSeq: ").Append(request.Headers["CSeq"]).Append("\r\n");
        if (diagnostics is not null)
        {
            text.Append(diagnostics).Append("\r\n");
        }

        text.Append("Server: RTC/6.0 (PushExporter demo Edge)\r\nContent-Length: 0\r\n\r\n");
        return text.ToString();
    }

    private static (int, string, string?) ToTuple((int Status, string Reason) answer) => (answer.Status, answer.Reason, null);
}
