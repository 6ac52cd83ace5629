using System.Globalization;
using System.Net;
using PushExporter.Sip.Resolution;
using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>
/// Step 2, <c>dns</c>: the federation SRV record <c>_sipfederationtls._tcp.&lt;sip_domain&gt;</c>
/// must exist and point at the external Edge (<c>dns_srv</c>, only with a sip_domain), and the
/// Access Edge must resolve to an address (<c>edge_dns</c>, not run for an IP literal).
/// </summary>
internal sealed class DnsStep : IStep
{
    private const int EvidenceRecords = 10;

    public ProbeStep Step => ProbeStep.Dns;

    public IReadOnlyList<string> Checks { get; } = [CheckLabels.DnsSrv, CheckLabels.EdgeDns];

    public bool Applies(ProbeContext context) => true;

    public async Task<ProbeFailure?> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var target = context.Target;
        if (target.SipDomain is { } domain)
        {
            var name = $"_sipfederationtls._tcp.{domain.TrimEnd('.')}";
            var srv = await context.Resolver.ResolveSrvAsync(name, context.Trace, cancellationToken).ConfigureAwait(false);
            var answer = DescribeSrv(name, srv);
            switch (srv.Status)
            {
                case DnsLookupStatus.Success:
                    var expected = target.ExternalEdgeFqdn.TrimEnd('.');
                    if (!srv.Records.Any(r => string.Equals(r.Target.TrimEnd('.'), expected, StringComparison.OrdinalIgnoreCase)))
                    {
                        return context.Fail(CheckLabels.DnsSrv, FailureReasons.MissingSrv, $"no SRV record of {name} points at {expected}", answer);
                    }

                    context.Pass(CheckLabels.DnsSrv);
                    break;
                case DnsLookupStatus.NxDomain or DnsLookupStatus.NoRecords:
                    return context.Fail(CheckLabels.DnsSrv, FailureReasons.MissingSrv, $"{name} has no SRV record ({Status(srv.Status)})", answer);
                default:
                    return context.Fail(CheckLabels.DnsSrv, FailureReasons.DnsError, $"the SRV lookup of {name} failed ({Status(srv.Status)}{(srv.Error is null ? string.Empty : ": " + srv.Error)})", answer);
            }
        }

        context.Begin(CheckLabels.EdgeDns);
        if (IPAddress.TryParse(target.AccessEdgeFqdn.Trim('[', ']'), out var literal))
        {
            context.EdgeAddresses = [literal];
            return null;
        }

        var addresses = await context.Resolver.ResolveAddressesAsync(target.AccessEdgeFqdn, context.Trace, cancellationToken).ConfigureAwait(false);
        if (addresses.Status != DnsLookupStatus.Success || addresses.Records.Count == 0)
        {
            return context.Fail(
                CheckLabels.EdgeDns,
                FailureReasons.DnsError,
                addresses.Status == DnsLookupStatus.UnusableAddress
                    ? $"{target.AccessEdgeFqdn} {addresses.Error}"
                    : $"{target.AccessEdgeFqdn} does not resolve to an address ({Status(addresses.Status)}{(addresses.Error is null ? string.Empty : ": " + addresses.Error)})",
                $"A/AAAA {target.AccessEdgeFqdn} via {addresses.NameServer ?? "system resolver"}: {Status(addresses.Status)}");
        }

        context.EdgeAddresses = addresses.Records;
        context.Pass(CheckLabels.EdgeDns);
        return null;
    }

    private static string Status(DnsLookupStatus status) => status switch
    {
        DnsLookupStatus.NxDomain => "NXDOMAIN",
        DnsLookupStatus.NoRecords => "no records",
        DnsLookupStatus.ServerFailure => "SERVFAIL",
        DnsLookupStatus.Refused => "REFUSED",
        DnsLookupStatus.Timeout => "timeout",
        DnsLookupStatus.MalformedAnswer => "malformed answer",
        DnsLookupStatus.UnusableAddress => "unusable address",
        _ => status.ToString(),
    };

    // Evidence stays short: the first records only (an answer may hold up to SipDnsResolver.MaxRecords); the trace lists more.
    private static string DescribeSrv(string name, DnsLookupResult<SrvTarget> srv) =>
        srv.Records.Count == 0
            ? $"SRV {name} via {srv.NameServer ?? "system resolver"}: {Status(srv.Status)}"
            : $"SRV {name} via {srv.NameServer ?? "system resolver"}: "
                + string.Join(", ", srv.Records.Take(EvidenceRecords).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Priority} {r.Weight} {r.Port} {r.Target}")))
                + (srv.Records.Count > EvidenceRecords ? string.Create(CultureInfo.InvariantCulture, $" and {srv.Records.Count - EvidenceRecords} more") : string.Empty);
}
