using System.Net;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Peers;

/// <summary>One dnsmasq serving the contoso.test zone, shared by the DNS tests of a collection.</summary>
public sealed class ContosoDns : IAsyncLifetime
{
    public const string FederationSrv = "_sipfederationtls._tcp.contoso.test";

    private DnsmasqServer? _server;

    public DnsmasqServer Server => _server ?? throw new InvalidOperationException("ContosoDns used before InitializeAsync");

    public async ValueTask InitializeAsync() =>
        _server = await DnsmasqServer.StartAsync(new DnsZone("test")
            .Srv(FederationSrv, "edge-a.contoso.test", 5061, 10, 60)
            .Srv(FederationSrv, "edge-b.contoso.test", 5061, 10, 40)
            .Srv(FederationSrv, "edge-backup.contoso.test", 5062, 20, 0)
            .Srv(FederationSrv, "edge-first.contoso.test", 5063, 5, 0)
            .Address("edge.contoso.test", IPAddress.Loopback, IPAddress.IPv6Loopback)
            .Address("v4only.contoso.test", IPAddress.Parse("127.0.0.2"))
            .NoRecords("empty.contoso.test"));

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
