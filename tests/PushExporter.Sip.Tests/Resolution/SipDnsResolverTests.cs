using System.Net;
using PushExporter.Sip.Resolution;
using PushExporter.Sip.Tests.Peers;
using PushExporter.Sip.Tracing;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Resolution;

[Collection(SharedContosoDns.Name)]
[Trait("Category", "Integration")]
public sealed class SipDnsResolverTests(ContosoDns dns)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Srv_records_come_in_priority_order_without_trailing_dots()
    {
        var trace = new ProbeTrace();

        var result = await Resolver().ResolveSrvAsync(ContosoDns.FederationSrv, trace, Ct);

        Assert.Equal(DnsLookupStatus.Success, result.Status);
        Assert.Equal([5, 10, 10, 20], result.Records.Select(r => r.Priority));
        Assert.Equal("edge-first.contoso.test", result.Records[0].Target);
        Assert.Equal(new SrvTarget("edge-backup.contoso.test", 5062, 20, 0), result.Records[^1]);
        Assert.Equal(["edge-a.contoso.test", "edge-b.contoso.test"], result.Records.Skip(1).Take(2).Select(r => r.Target).Order());
        Assert.Equal(dns.Server.EndPoint.ToString(), result.NameServer);
        Assert.Null(result.Error);
        var entry = Assert.Single(trace.Entries);
        Assert.Equal(TraceEntryKind.Dns, entry.Kind);
        Assert.StartsWith($"SRV {ContosoDns.FederationSrv} @ {dns.Server.EndPoint} -> Success in ", entry.Text, StringComparison.Ordinal);
        Assert.Contains("\n  5 0 5063 edge-first.contoso.test", entry.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Weights_decide_the_order_within_a_priority()
    {
        var resolver = Resolver(new Random(42));
        var heavyFirst = 0;
        for (var i = 0; i < 200; i++)
        {
            var result = await resolver.ResolveSrvAsync(ContosoDns.FederationSrv, null, Ct);
            heavyFirst += result.Records[1].Target == "edge-a.contoso.test" ? 1 : 0;
        }

        // Weight 60 against 40: about 120 of 200; far from both 0 and 200.
        Assert.InRange(heavyFirst, 90, 150);
    }

    [Theory]
    [InlineData("_sipfederationtls._tcp.nothing.contoso.test", DnsLookupStatus.NxDomain)]
    [InlineData("empty.contoso.test", DnsLookupStatus.NoRecords)]
    [InlineData("_sipfederationtls._tcp.push.lync.com", DnsLookupStatus.Refused)]
    public async Task Srv_failures_are_told_apart(string name, DnsLookupStatus status)
    {
        var trace = new ProbeTrace();

        var result = await Resolver().ResolveSrvAsync(name, trace, Ct);

        Assert.Equal(status, result.Status);
        Assert.Empty(result.Records);
        Assert.NotNull(result.Error);
        Assert.Contains($"-> {status}", Assert.Single(trace.Entries).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Addresses_include_both_families()
    {
        var trace = new ProbeTrace();

        var result = await Resolver().ResolveAddressesAsync("edge.contoso.test", trace, Ct);

        Assert.Equal(DnsLookupStatus.Success, result.Status);
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], result.Records);
        Assert.Equal(["A", "AAAA"], trace.Entries.Select(e => e.Text.Split(' ')[0]));
    }

    [Fact]
    public async Task An_ipv4_only_host_is_a_success()
    {
        var result = await Resolver().ResolveAddressesAsync("v4only.contoso.test", null, Ct);

        Assert.Equal(DnsLookupStatus.Success, result.Status);
        Assert.Equal([IPAddress.Parse("127.0.0.2")], result.Records);
    }

    [Theory]
    [InlineData("nothing.contoso.test", DnsLookupStatus.NxDomain)]
    [InlineData("empty.contoso.test", DnsLookupStatus.NoRecords)]
    public async Task Address_failures_are_told_apart(string host, DnsLookupStatus status)
    {
        var result = await Resolver().ResolveAddressesAsync(host, null, Ct);

        Assert.Equal(status, result.Status);
        Assert.Empty(result.Records);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("::1", "::1")]
    [InlineData("[::1]", "::1")]
    public async Task An_ip_literal_is_returned_without_a_query(string host, string address)
    {
        await using var stub = StubDnsServer.Silent();
        var resolver = new SipDnsResolver(new DnsResolverOptions { NameServers = [stub.EndPoint] });

        var result = await resolver.ResolveAddressesAsync(host, null, Ct);

        Assert.Equal(DnsLookupStatus.Success, result.Status);
        Assert.Equal([IPAddress.Parse(address)], result.Records);
        Assert.Null(result.NameServer);
        Assert.Equal(0, stub.Queries);
    }

    [Fact]
    public async Task Servfail_is_a_server_failure()
    {
        await using var stub = StubDnsServer.Answering(2);
        var resolver = new SipDnsResolver(new DnsResolverOptions { NameServers = [stub.EndPoint], Retries = 0 });

        var result = await resolver.ResolveSrvAsync(ContosoDns.FederationSrv, null, Ct);

        Assert.Equal(DnsLookupStatus.ServerFailure, result.Status);
    }

    [Fact]
    public async Task A_silent_server_is_a_timeout_after_every_retry()
    {
        await using var stub = StubDnsServer.Silent();
        var timeout = TimeSpan.FromMilliseconds(200);
        var resolver = new SipDnsResolver(new DnsResolverOptions { NameServers = [stub.EndPoint], Timeout = timeout, Retries = 1 });
        var trace = new ProbeTrace();

        var result = await resolver.ResolveSrvAsync(ContosoDns.FederationSrv, trace, Ct);

        Assert.Equal(DnsLookupStatus.Timeout, result.Status);
        // Two attempts of 200 ms each; a timer may fire a few milliseconds early.
        Assert.InRange(result.Duration, (2 * timeout) - TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(2));
        Assert.Equal(stub.EndPoint.ToString(), result.NameServer);
        Assert.Equal(2, stub.Queries);
        Assert.Contains("-> Timeout", Assert.Single(trace.Entries).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_ends_the_lookup()
    {
        await using var stub = StubDnsServer.Silent();
        var resolver = new SipDnsResolver(new DnsResolverOptions { NameServers = [stub.EndPoint], Timeout = TimeSpan.FromSeconds(10) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resolver.ResolveSrvAsync(ContosoDns.FederationSrv, null, cancel.Token));
    }

    private SipDnsResolver Resolver(Random? random = null) =>
        new(new DnsResolverOptions { NameServers = [dns.Server.EndPoint], Timeout = TimeSpan.FromSeconds(2), Retries = 0 }, random: random);
}
