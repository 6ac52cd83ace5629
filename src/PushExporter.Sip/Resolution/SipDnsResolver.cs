using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsClient;
using PushExporter.Sip.Tracing;

namespace PushExporter.Sip.Resolution;

/// <summary>
/// The DNS questions of a probe: SRV for the federation route and A/AAAA for the Edge, over
/// DnsClient. Results tell NXDOMAIN, NOERROR without records, SERVFAIL, REFUSED and timeout
/// apart, because each sends the administrator to a different fix. Nothing is cached: a probe
/// must see what DNS says now. Every question and answer goes into the probe's trace.
/// </summary>
public sealed class SipDnsResolver
{
    private readonly LookupClient _client;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private readonly string _servers;

    /// <summary>Creates a resolver asking <see cref="DnsResolverOptions.NameServers"/> (or the system's resolvers).</summary>
    /// <param name="options">Servers, timeout and retries.</param>
    /// <param name="time">The clock for durations; the system clock when null.</param>
    /// <param name="random">The source for SRV weighting; a shared one when null (tests pass a seeded one).</param>
    public SipDnsResolver(DnsResolverOptions options, TimeProvider? time = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = options.NameServers.Count > 0
            ? new LookupClientOptions([.. options.NameServers.Select(e => new NameServer(e))])
            : new LookupClientOptions();
        clientOptions.UseCache = false;
        // Report DNS errors as results, and do not let one server's NXDOMAIN or empty answer be overruled by the next.
        clientOptions.ThrowDnsErrors = false;
        clientOptions.ContinueOnDnsError = false;
        clientOptions.ContinueOnEmptyResponse = false;
        clientOptions.UseRandomNameServer = false;
        clientOptions.Timeout = options.Timeout;
        clientOptions.Retries = options.Retries;
        _client = new LookupClient(clientOptions);
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared;
        _servers = options.NameServers.Count > 0
            ? string.Join(", ", options.NameServers.Select(e => e.ToString()))
            : "system resolvers";
    }

    /// <summary>
    /// Looks up SRV records for <paramref name="name"/> (e.g. <c>_sipfederationtls._tcp.contoso.com</c>)
    /// and returns them in the order to try them (RFC 2782), targets without trailing dots.
    /// </summary>
    public async Task<DnsLookupResult<SrvTarget>> ResolveSrvAsync(string name, ProbeTrace? trace, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var answer = await QueryAsync(name, QueryType.SRV, ct);
        var records = answer.Response?.Answers.SrvRecords()
            .Select(r => new SrvTarget(r.Target.Value.TrimEnd('.'), r.Port, r.Priority, r.Weight))
            .ToList() ?? [];
        IReadOnlyList<SrvTarget> ordered;
        lock (_randomGate)
        {
            ordered = SrvOrdering.Order(records, _random);
        }

        var result = Complete(answer, ordered);
        Trace(trace, name, QueryType.SRV, result, r => string.Create(CultureInfo.InvariantCulture, $"{r.Priority} {r.Weight} {r.Port} {r.Target}"));
        return result;
    }

    /// <summary>
    /// Looks up A and AAAA records for <paramref name="host"/>, IPv4 first. An IP literal
    /// (<c>192.0.2.1</c>, <c>::1</c>, <c>[::1]</c>) is returned as is, without a query.
    /// </summary>
    public async Task<DnsLookupResult<IPAddress>> ResolveAddressesAsync(string host, ProbeTrace? trace, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
        {
            trace?.Add(TraceEntryKind.Dns, $"{host} is an IP address: no query");
            return new DnsLookupResult<IPAddress>(DnsLookupStatus.Success, [address], TimeSpan.Zero, null, null);
        }

        var start = _time.GetTimestamp();
        var v4Query = QueryAsync(host, QueryType.A, ct);
        var v6Query = QueryAsync(host, QueryType.AAAA, ct);
        var v4 = await v4Query;
        var v6 = await v6Query;
        var v4Result = Complete(v4, [.. v4.Response?.Answers.ARecords().Select(r => r.Address) ?? []]);
        var v6Result = Complete(v6, [.. v6.Response?.Answers.AaaaRecords().Select(r => r.Address) ?? []]);
        Trace(trace, host, QueryType.A, v4Result, a => a.ToString());
        Trace(trace, host, QueryType.AAAA, v6Result, a => a.ToString());

        var duration = _time.GetElapsedTime(start);
        var records = v4Result.Records.Concat(v6Result.Records).ToList();
        if (records.Count > 0)
        {
            return new DnsLookupResult<IPAddress>(DnsLookupStatus.Success, records, duration, v4Result.NameServer ?? v6Result.NameServer, null);
        }

        // Neither family has an address: the more telling failure wins (NXDOMAIN, then a server problem, then "no records").
        var decisive = Rank(v4Result.Status) <= Rank(v6Result.Status) ? v4Result : v6Result;
        return decisive with { Duration = duration };
    }

    private static int Rank(DnsLookupStatus status) => status switch
    {
        DnsLookupStatus.NxDomain => 0,
        DnsLookupStatus.ServerFailure or DnsLookupStatus.Refused or DnsLookupStatus.Timeout or DnsLookupStatus.Error => 1,
        DnsLookupStatus.NoRecords => 2,
        _ => 3,
    };

    private static DnsLookupResult<T> Complete<T>(Answer answer, IReadOnlyList<T> records)
    {
        if (answer.Status == DnsLookupStatus.Success && records.Count == 0)
        {
            return new DnsLookupResult<T>(DnsLookupStatus.NoRecords, [], answer.Duration, answer.NameServer, "the name exists but has no record of this type");
        }

        return new DnsLookupResult<T>(answer.Status, answer.Status == DnsLookupStatus.Success ? records : [], answer.Duration, answer.NameServer, answer.Error);
    }

    private static void Trace<T>(ProbeTrace? trace, string name, QueryType type, DnsLookupResult<T> result, Func<T, string> format)
    {
        if (trace is null)
        {
            return;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{type} {name} @ {result.NameServer ?? "?"} -> {result.Status} in {result.Duration.TotalMilliseconds:F1} ms");
        if (result.Error is not null)
        {
            text.Append(": ").Append(result.Error);
        }

        foreach (var record in result.Records)
        {
            text.Append("\n  ").Append(format(record));
        }

        trace.Add(TraceEntryKind.Dns, text.ToString());
    }

    private async Task<Answer> QueryAsync(string name, QueryType type, CancellationToken ct)
    {
        var start = _time.GetTimestamp();
        try
        {
            var response = await _client.QueryAsync(name, type, QueryClass.IN, ct);
            var duration = _time.GetElapsedTime(start);
            var server = response.NameServer?.ToString() ?? _servers;
            var code = response.Header.ResponseCode;
            return code switch
            {
                DnsHeaderResponseCode.NoError when response.HasError => new Answer(DnsLookupStatus.Error, null, duration, server, response.ErrorMessage),
                DnsHeaderResponseCode.NoError => new Answer(DnsLookupStatus.Success, response, duration, server, null),
                DnsHeaderResponseCode.NotExistentDomain => new Answer(DnsLookupStatus.NxDomain, null, duration, server, "NXDOMAIN: the name does not exist"),
                DnsHeaderResponseCode.ServerFailure => new Answer(DnsLookupStatus.ServerFailure, null, duration, server, "SERVFAIL: the name server could not answer"),
                DnsHeaderResponseCode.Refused => new Answer(DnsLookupStatus.Refused, null, duration, server, "REFUSED: the name server declined to answer"),
                _ => new Answer(DnsLookupStatus.Error, null, duration, server, $"response code {code}: {response.ErrorMessage}"),
            };
        }
        catch (DnsResponseException e) when (ct.IsCancellationRequested)
        {
            // DnsClient reports the caller's cancellation as a timeout; the probe deadline is not the server's fault.
            throw new OperationCanceledException("the DNS lookup was cancelled", e, ct);
        }
        catch (DnsResponseException e) when (e.Code == DnsResponseCode.ConnectionTimeout)
        {
            return new Answer(DnsLookupStatus.Timeout, null, _time.GetElapsedTime(start), _servers, e.Message);
        }
        catch (DnsResponseException e)
        {
            return new Answer(DnsLookupStatus.Error, null, _time.GetElapsedTime(start), _servers, e.Message);
        }
        catch (SocketException e)
        {
            return new Answer(DnsLookupStatus.Error, null, _time.GetElapsedTime(start), _servers, e.Message);
        }
    }

    private sealed record Answer(DnsLookupStatus Status, IDnsQueryResponse? Response, TimeSpan Duration, string NameServer, string? Error);
}
