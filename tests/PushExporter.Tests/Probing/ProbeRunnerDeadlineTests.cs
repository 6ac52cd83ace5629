using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using PushExporter.Configuration;
using PushExporter.Probing;
using PushExporter.Sip.Message;
using PushExporter.Sip.Transport;
using PushExporter.Testing;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Probing;

/// <summary>
/// The probe deadline, on a fake clock, reached inside each step against a real peer that
/// hangs there: the probe ends as <c>timeout</c>, failing the check that was running then.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ProbeRunnerDeadlineTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task In_the_dns_step_looking_up_the_srv_record_it_fails_dns_srv()
    {
        await using var dns = StubDnsServer.Silent();
        var target = Target("127.0.0.1", 5061, SipTransportKind.Tls) with { AccessEdgeFqdn = "edge.contoso.test", SipDomain = "contoso.test" };

        var result = await RunUntilDeadline(target, [$"127.0.0.1:{dns.EndPoint.Port}"], () => dns.Queries > 0);

        AssertTimedOut(result, ProbeStep.Dns, CheckLabels.DnsSrv);
    }

    [Fact]
    public async Task In_the_dns_step_looking_up_the_edge_it_fails_edge_dns()
    {
        await using var dns = StubDnsServer.Silent();
        var target = Target("127.0.0.1", 5061, SipTransportKind.Tls) with { AccessEdgeFqdn = "edge.contoso.test" };

        var result = await RunUntilDeadline(target, [$"127.0.0.1:{dns.EndPoint.Port}"], () => dns.Queries > 0);

        AssertTimedOut(result, ProbeStep.Dns, CheckLabels.EdgeDns);
    }

    [Fact]
    public async Task In_the_connect_step_it_fails_edge_connect()
    {
        using var full = FullListener.Create();

        var result = await RunUntilDeadline(Target("127.0.0.1", full.Port, SipTransportKind.Tcp), [], reached: null);

        AssertTimedOut(result, ProbeStep.Connect, CheckLabels.EdgeConnect);
    }

    [Fact]
    public async Task In_the_tls_step_it_fails_edge_tls()
    {
        await using var silent = SilentListener.Start();

        // The ClientHello has arrived: the client is in the handshake.
        var result = await RunUntilDeadline(Target("127.0.0.1", silent.Port, SipTransportKind.Tls), [], () => silent.BytesReceived > 0);

        AssertTimedOut(result, ProbeStep.Tls, CheckLabels.EdgeTls);
    }

    [Fact]
    public async Task In_the_external_interface_check_it_fails_external_tls_within_the_tls_phase()
    {
        await using var dns = await DnsmasqServer.StartAsync(new DnsZone("test").Address("sip.contoso.test", IPAddress.Loopback));
        await using var edge = SilentListener.Start();
        await using var external = SilentListener.Start();
        var target = Target("127.0.0.1", edge.Port, SipTransportKind.Tcp) with
        {
            ExternalEdgeFqdn = "sip.contoso.test",
            ExternalTls = new ExternalTlsConfig { Port = external.Port },
        };

        var result = await RunUntilDeadline(target, [$"127.0.0.1:{dns.Port}"], () => external.BytesReceived > 0);

        AssertTimedOut(result, ProbeStep.Tls, CheckLabels.ExternalTls);
        Assert.Equal(CheckStatus.Passed, result.Checks[CheckLabels.EdgeConnect]);
        Assert.Equal(0, edge.BytesReceived);
    }

    [Fact]
    public async Task In_the_sip_step_it_fails_push_route()
    {
        await using var silent = SilentListener.Start();

        var result = await RunUntilDeadline(Target("127.0.0.1", silent.Port, SipTransportKind.Tcp), [], () => silent.BytesReceived > 0);

        AssertTimedOut(result, ProbeStep.Sip, CheckLabels.PushRoute);
    }

    private static void AssertTimedOut(ProbeResult result, ProbeStep step, string check)
    {
        var context = $"{result.Failure?.Check} {result.Reason}: {result.Failure?.Error}\n{result.Trace}";
        Assert.True(result.Reason == FailureReasons.Timeout, context);
        Assert.True(result.Failure!.Check == check, context);
        Assert.Equal(CheckStatus.Failed, result.Checks[check]);
        Assert.Equal(step, result.Phases.Keys.Max());
        Assert.All(CheckLabels.All.SkipWhile(c => c != check).Skip(1), later => Assert.Equal(CheckStatus.NotRun, result.Checks[later]));
    }

    /// <summary>Starts the probe on a fake clock, waits (in real time) until the peer sees it in the step, then lets the deadline pass.</summary>
    private static async Task<ProbeResult> RunUntilDeadline(TargetConfig target, IReadOnlyList<string> dnsServers, Func<bool>? reached)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));
        var config = new ExporterConfig(new GlobalConfig { Timeout = _timeout, DnsServers = dnsServers }, BuiltInModules.All, [target]);
        var probe = new ProbeRunner(time).RunAsync(config, target, null, null, TestContext.Current.CancellationToken);

        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            if (reached is null)
            {
                // Nothing to observe from the peer: give the probe time to reach the step.
                await Task.Delay(TimeSpan.FromMilliseconds(300), patience.Token);
            }

            while (reached is not null && !reached())
            {
                Assert.False(probe.IsCompleted, $"the probe ended before reaching the step: {(probe.IsCompleted ? probe.Result.Failure?.Error : null)}");
                await Task.Delay(10, patience.Token);
            }
        }

        Assert.False(probe.IsCompleted, $"the probe ended before its deadline: {(probe.IsCompleted ? probe.Result.Failure?.Error : null)}");
        time.Advance(_timeout + TimeSpan.FromSeconds(1));
        return await probe.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
    }

    private static TargetConfig Target(string host, int port, SipTransportKind transport) => new()
    {
        Name = "edge",
        AccessEdgeFqdn = host,
        Port = port,
        Transport = transport,
        ExternalEdgeFqdn = host,
        FromUri = SipUri.Parse("sip:pushexporter@contoso.test"),
    };

    /// <summary>
    /// A listening port whose accept queue is full: Linux drops further SYNs, so a connect to it
    /// neither succeeds nor fails until its own retries give up, minutes later.
    /// </summary>
    private sealed class FullListener : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly List<Socket> _fillers = [];

        private FullListener()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(0);
            Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        }

        public int Port { get; }

        public static FullListener Create()
        {
            var full = new FullListener();
            for (var i = 0; i < 16; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                full._fillers.Add(filler);
                if (!filler.ConnectAsync(IPAddress.Loopback, full.Port).Wait(TimeSpan.FromMilliseconds(200)))
                {
                    return full;
                }
            }

            full.Dispose();
            throw new InvalidOperationException("the accept queue of a listener with backlog 0 never filled: SYNs are not dropped on this kernel");
        }

        public void Dispose()
        {
            foreach (var filler in _fillers)
            {
                filler.Dispose();
            }

            _listener.Dispose();
        }
    }

    /// <summary>Accepts TCP connections and reads whatever arrives, never writing a byte.</summary>
    private sealed class SilentListener : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Socket> _accepted = [];
        private readonly Task _loop;
        private long _bytes;

        private SilentListener()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _loop = AcceptAsync();
        }

        public int Port { get; }

        public long BytesReceived => Interlocked.Read(ref _bytes);

        public static SilentListener Start() => new();

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
            }

            foreach (var socket in _accepted)
            {
                socket.Dispose();
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _accepted.Add(socket);
                _ = DrainAsync(socket);
            }
        }

        private async Task DrainAsync(Socket socket)
        {
            var buffer = new byte[4096];
            try
            {
                int read;
                while ((read = await socket.ReceiveAsync(buffer, _stop.Token)) > 0)
                {
                    Interlocked.Add(ref _bytes, read);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The test is over.
            }
        }
    }
}
