using System.Collections.Concurrent;
using PushExporter.Sip.Resolution;

namespace PushExporter.Probing;

/// <summary>
/// One <see cref="SipDnsResolver"/> per (name servers, timeout), shared by every probe that
/// asks the same servers. Without configured servers a resolver enumerates the network
/// interfaces to find the system's, which costs more than the rest of a loopback probe. The
/// resolver itself caches no answers (every probe still asks DNS), is thread-safe, keeps no
/// per-probe state and takes no lock, so sharing it makes no target wait for another.
/// </summary>
internal sealed class DnsResolverCache(TimeProvider time)
{
    // Keys come from the configuration and from /probe's scrape-timeout header; beyond this many
    // (a client sending ever-different timeouts), resolvers are built per probe as before.
    private const int Capacity = 64;

    private readonly ConcurrentDictionary<(string Servers, TimeSpan Timeout), SipDnsResolver> _resolvers = new();

    public SipDnsResolver Get(IReadOnlyList<string> dnsServers, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(dnsServers);
        var key = (string.Join('\n', dnsServers), timeout);
        if (_resolvers.TryGetValue(key, out var resolver))
        {
            return resolver;
        }

        resolver = Create(dnsServers, timeout);
        return _resolvers.Count < Capacity ? _resolvers.GetOrAdd(key, resolver) : resolver;
    }

    private SipDnsResolver Create(IReadOnlyList<string> dnsServers, TimeSpan timeout) => new(
        new DnsResolverOptions
        {
            NameServers = [.. dnsServers.Select(DnsResolverOptions.ParseNameServer)],
            Timeout = timeout,
        },
        time);
}
