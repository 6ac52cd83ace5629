using System.Net;
using DnsClient;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Peers;

[Collection(SharedContosoDns.Name)]
[Trait("Category", "Integration")]
public sealed class DnsmasqServerTests(ContosoDns dns)
{
    [Fact]
    public async Task Serves_srv_records()
    {
        var response = await Client().QueryAsync(ContosoDns.FederationSrv, QueryType.SRV, cancellationToken: TestContext.Current.CancellationToken);

        var records = response.Answers.SrvRecords().OrderBy(r => r.Priority).ThenBy(r => r.Target.Value).ToList();
        Assert.Equal(
            [("edge-first.contoso.test.", 5063, 5, 0), ("edge-a.contoso.test.", 5061, 10, 60), ("edge-b.contoso.test.", 5061, 10, 40), ("edge-backup.contoso.test.", 5062, 20, 0)],
            records.Select(r => (r.Target.Value, (int)r.Port, (int)r.Priority, (int)r.Weight)));
    }

    [Fact]
    public async Task Serves_a_and_aaaa_records()
    {
        var a = await Client().QueryAsync("edge.contoso.test", QueryType.A, cancellationToken: TestContext.Current.CancellationToken);
        var aaaa = await Client().QueryAsync("edge.contoso.test", QueryType.AAAA, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([IPAddress.Loopback], a.Answers.ARecords().Select(r => r.Address));
        Assert.Equal([IPAddress.IPv6Loopback], aaaa.Answers.AaaaRecords().Select(r => r.Address));
    }

    [Theory]
    [InlineData("nothing.contoso.test", QueryType.A, DnsHeaderResponseCode.NotExistentDomain)]
    [InlineData("empty.contoso.test", QueryType.SRV, DnsHeaderResponseCode.NoError)]
    [InlineData("edge.contoso.test", QueryType.SRV, DnsHeaderResponseCode.NoError)]
    [InlineData("push.lync.com", QueryType.SRV, DnsHeaderResponseCode.Refused)]
    public async Task Tells_missing_names_and_missing_records_apart(string name, QueryType type, DnsHeaderResponseCode code)
    {
        var response = await Client().QueryAsync(name, type, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(response.Header.ResponseCode == code, $"{name} {type}: {response.Header.ResponseCode}\n--- dnsmasq ---\n{dns.Server.Output}");
        Assert.Empty(response.Answers);
    }

    [Fact]
    public async Task Stub_server_answers_servfail()
    {
        await using var stub = StubDnsServer.Answering(2);
        var client = new LookupClient(new LookupClientOptions(stub.EndPoint) { UseCache = false, ThrowDnsErrors = false, Retries = 0 });

        var response = await client.QueryAsync("anything.test", QueryType.A, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(DnsHeaderResponseCode.ServerFailure, response.Header.ResponseCode);
        Assert.Equal(1, stub.Queries);
    }

    private LookupClient Client() => new(new LookupClientOptions(dns.Server.EndPoint)
    {
        UseCache = false,
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        Timeout = TimeSpan.FromSeconds(2),
        Retries = 0,
    });
}
