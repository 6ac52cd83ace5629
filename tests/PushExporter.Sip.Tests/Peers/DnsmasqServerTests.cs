using System.Net;
using DnsClient;
using DnsClient.Protocol;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Peers;

[Trait("Category", "Integration")]
public sealed class DnsmasqServerTests : IAsyncLifetime
{
    private DnsmasqServer? _dns;

    private DnsmasqServer Dns => _dns!;

    public async ValueTask InitializeAsync() =>
        _dns = await DnsmasqServer.StartAsync(new DnsZone("test")
            .Srv("_sipfederationtls._tcp.contoso.test", "edge.contoso.test", 5061, 10, 60)
            .Srv("_sipfederationtls._tcp.contoso.test", "edge2.contoso.test", 5062, 20, 0)
            .Address("edge.contoso.test", IPAddress.Loopback, IPAddress.IPv6Loopback)
            .NoRecords("empty.contoso.test"));

    public async ValueTask DisposeAsync()
    {
        if (_dns is not null)
        {
            await _dns.DisposeAsync();
        }
    }

    [Fact]
    public async Task Serves_srv_records()
    {
        var response = await Client().QueryAsync("_sipfederationtls._tcp.contoso.test", QueryType.SRV, cancellationToken: TestContext.Current.CancellationToken);

        var records = response.Answers.OfType<SrvRecord>().OrderBy(r => r.Priority).ToList();
        Assert.Equal([("edge.contoso.test.", 5061, 10, 60), ("edge2.contoso.test.", 5062, 20, 0)],
            records.Select(r => (r.Target.Value, (int)r.Port, (int)r.Priority, (int)r.Weight)));
    }

    [Fact]
    public async Task Serves_a_and_aaaa_records()
    {
        var a = await Client().QueryAsync("edge.contoso.test", QueryType.A, cancellationToken: TestContext.Current.CancellationToken);
        var aaaa = await Client().QueryAsync("edge.contoso.test", QueryType.AAAA, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([IPAddress.Loopback], a.Answers.OfType<ARecord>().Select(r => r.Address));
        Assert.Equal([IPAddress.IPv6Loopback], aaaa.Answers.OfType<AaaaRecord>().Select(r => r.Address));
    }

    [Theory]
    [InlineData("nothing.contoso.test", QueryType.A, DnsHeaderResponseCode.NotExistentDomain)]
    [InlineData("empty.contoso.test", QueryType.SRV, DnsHeaderResponseCode.NoError)]
    [InlineData("edge.contoso.test", QueryType.SRV, DnsHeaderResponseCode.NoError)]
    [InlineData("push.lync.com", QueryType.SRV, DnsHeaderResponseCode.Refused)]
    public async Task Tells_missing_names_and_missing_records_apart(string name, QueryType type, DnsHeaderResponseCode code)
    {
        var response = await Client().QueryAsync(name, type, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(response.Header.ResponseCode == code, $"{name} {type}: {response.Header.ResponseCode}\n--- dnsmasq ---\n{Dns.Output}");
        Assert.Empty(response.Answers);
    }

    private LookupClient Client() => new(new LookupClientOptions(Dns.EndPoint)
    {
        UseCache = false,
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        Timeout = TimeSpan.FromSeconds(2),
        Retries = 0,
    });
}
