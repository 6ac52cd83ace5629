using System.Net;
using BenchmarkDotNet.Attributes;
using DnsClient;
using PushExporter.Sip.Resolution;

namespace PushExporter.Bench;

/// <summary>
/// One lookup over loopback UDP against an in-process responder that allocates nothing:
/// DnsClient's <c>LookupClient</c> as the product configured it before issue 15, and the
/// product's <see cref="SipDnsResolver"/>. Times include the responder's turn on the socket.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DnsLookupBenchmarks : IDisposable
{
    private const string FederationSrv = "_sipfederationtls._tcp.contoso.com";

    private LoopbackDnsResponder _responder = null!;
    private LookupClient _lookupClient = null!;
    private SipDnsResolver _resolver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _responder = new LoopbackDnsResponder();
        _lookupClient = LookupClientAsConfigured(_responder.EndPoint);
        _resolver = new SipDnsResolver(new DnsResolverOptions { NameServers = [_responder.EndPoint] });
    }

    /// <summary>DnsClient's client with the options the product gave it before issue 15.</summary>
    public static LookupClient LookupClientAsConfigured(IPEndPoint server) => new(new LookupClientOptions(new NameServer(server))
    {
        UseCache = false,
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        ContinueOnEmptyResponse = false,
        UseRandomNameServer = false,
        Timeout = TimeSpan.FromSeconds(3),
        Retries = 1,
    });

    [GlobalCleanup]
    public void Dispose()
    {
        _responder.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "DnsClient LookupClient: SRV, 4 records")]
    public async Task<int> LookupClientSrv() => (await _lookupClient.QueryAsync(FederationSrv, QueryType.SRV)).Answers.Count;

    [Benchmark(Description = "SipDnsResolver: SRV, 4 records, ordered")]
    public async Task<int> ResolverSrv() => (await _resolver.ResolveSrvAsync(FederationSrv, null, CancellationToken.None)).Records.Count;

    [Benchmark(Description = "DnsClient LookupClient: A, 1 record")]
    public async Task<IPAddress> LookupClientA() => (await _lookupClient.QueryAsync("edge.contoso.com", QueryType.A)).Answers.ARecords().First().Address;

    [Benchmark(Description = "SipDnsResolver: A + AAAA, 1 address")]
    public async Task<int> ResolverAddresses() => (await _resolver.ResolveAddressesAsync("edge.contoso.com", null, CancellationToken.None)).Records.Count;
}
