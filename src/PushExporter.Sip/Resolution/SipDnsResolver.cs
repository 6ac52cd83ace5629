using System.Globalization;
using System.Net;
using System.Text;
using PushExporter.Sip.Tracing;

namespace PushExporter.Sip.Resolution;

/// <summary>
/// The DNS questions of a probe: SRV for the federation route and A/AAAA for the Edge, asked
/// by the library's own stub resolver (UDP on a connected socket, TCP when truncated). Only an
/// answer whose transaction id and question match is taken; anything else is ignored and the
/// wait goes on until the timeout. Results tell NXDOMAIN, NOERROR without records, SERVFAIL,
/// REFUSED, timeout and a malformed answer apart, because each sends the administrator to a
/// different fix. Nothing is cached: a probe must see what DNS says now. Every question and
/// answer goes into the probe's trace. Thread-safe, and lookups share no lock.
/// </summary>
public sealed class SipDnsResolver
{
    /// <summary>The most records of one answer considered; a longer answer is cut there, with a note in the trace.</summary>
    public const int MaxRecords = 1000;

    private const int MaxRecordsTraced = 50;

    private readonly StubResolver _stub;
    private readonly TimeProvider _time;
    private readonly Random _random;

    /// <summary>Creates a resolver asking <see cref="DnsResolverOptions.NameServers"/> (or the system's resolvers).</summary>
    /// <param name="options">Servers, timeout and retries.</param>
    /// <param name="time">The clock for timeouts and durations; the system clock when null.</param>
    /// <param name="random">
    /// The source for SRV weighting; <see cref="Random.Shared"/> when null. Tests pass a seeded
    /// one, which (like any <see cref="Random"/> but the shared one) must not serve concurrent lookups.
    /// </param>
    public SipDnsResolver(DnsResolverOptions options, TimeProvider? time = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared;
        var servers = options.NameServers.Count > 0 ? options.NameServers : SystemNameServers.Discover();
        _stub = new StubResolver(servers, options.Timeout, options.Retries, _time);
    }

    /// <summary>
    /// Looks up SRV records for <paramref name="name"/> (e.g. <c>_sipfederationtls._tcp.contoso.com</c>)
    /// and returns them in the order to try them (RFC 2782), targets without trailing dots; at
    /// most <see cref="MaxRecords"/> of them.
    /// </summary>
    public async Task<DnsLookupResult<SrvTarget>> ResolveSrvAsync(string name, ProbeTrace? trace, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var (result, notes) = await QueryAsync(name, DnsRecordType.Srv, DnsAnswerSection.Srv, trace, ct).ConfigureAwait(false);
        if (result.Status == DnsLookupStatus.Success)
        {
            result = result with { Records = SrvOrdering.Order(result.Records, _random) };
        }

        Trace(trace, "SRV", name, result, notes, r => string.Create(CultureInfo.InvariantCulture, $"{r.Priority} {r.Weight} {r.Port} {r.Target}"));
        return result;
    }

    /// <summary>
    /// Looks up A and AAAA records for <paramref name="host"/>, IPv4 first. An IP literal
    /// (<c>192.0.2.1</c>, <c>::1</c>, <c>[::1]</c>) is returned as is, without a query. A name
    /// that resolves to an unspecified, broadcast or multicast address is a failure
    /// (<see cref="DnsLookupStatus.UnusableAddress"/>): no probe connects there.
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
        var v4Query = QueryAsync(host, DnsRecordType.A, DnsAnswerSection.A, trace, ct);
        var v6Query = QueryAsync(host, DnsRecordType.Aaaa, DnsAnswerSection.Aaaa, trace, ct);
        await Task.WhenAll(v4Query, v6Query).ConfigureAwait(false);
        var (v4, v4Notes) = await v4Query.ConfigureAwait(false);
        var (v6, v6Notes) = await v6Query.ConfigureAwait(false);
        Trace(trace, "A", host, v4, v4Notes, a => a.ToString());
        Trace(trace, "AAAA", host, v6, v6Notes, a => a.ToString());

        var duration = _time.GetElapsedTime(start);
        var records = v4.Records.Concat(v6.Records).ToList();
        if (records.Count > 0)
        {
            var server = v4.NameServer ?? v6.NameServer;
            foreach (var record in records)
            {
                if (UnusableAddress.Reason(record) is { } reason)
                {
                    // Clients of the Edge would try this address too: the record is the fault, whatever else is there.
                    var error = $"resolves to {record} ({reason}), which is never connected to";
                    trace?.Add(TraceEntryKind.Dns, $"{host} {error}");
                    return new DnsLookupResult<IPAddress>(DnsLookupStatus.UnusableAddress, [], duration, server, error);
                }
            }

            return new DnsLookupResult<IPAddress>(DnsLookupStatus.Success, records, duration, server, null);
        }

        // Neither family has an address: the more telling failure wins (NXDOMAIN, then a server problem, then "no records").
        var decisive = Rank(v4.Status) <= Rank(v6.Status) ? v4 : v6;
        return decisive with { Duration = duration };
    }

    private static int Rank(DnsLookupStatus status) => status switch
    {
        DnsLookupStatus.NxDomain => 0,
        DnsLookupStatus.NoRecords => 2,
        DnsLookupStatus.Success => 3,
        _ => 1,
    };

    private static DnsLookupResult<T> Read<T>(DnsReceived received, DnsQuestion question, DnsRecordReader<T> reader, TimeSpan duration, string server, DnsExchangeNotes notes)
    {
        var message = received.Message!;
        var code = DnsMessage.ResponseCode(message);
        switch (code)
        {
            case 0:
                break;
            case 2:
                return Failed<T>(DnsLookupStatus.ServerFailure, duration, server, "SERVFAIL: the name server could not answer");
            case 3:
                return Failed<T>(DnsLookupStatus.NxDomain, duration, server, "NXDOMAIN: the name does not exist");
            case 5:
                return Failed<T>(DnsLookupStatus.Refused, duration, server, "REFUSED: the name server declined to answer");
            default:
                return Failed<T>(DnsLookupStatus.Error, duration, server, string.Create(CultureInfo.InvariantCulture, $"response code {code} ({ResponseCodeName(code)})"));
        }

        try
        {
            var section = DnsAnswerSection.Read(message, received.AnswersStart, question, MaxRecords, reader);
            if (section.Capped)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"the answer holds {DnsMessage.AnswerCount(message)} records: only the first {MaxRecords} {question.Type.ToString().ToUpperInvariant()} records were considered"));
            }

            if (section.Aliases > 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"followed {section.Aliases} CNAME record(s) from {question.Name}"));
            }

            if (section.Skipped > 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{section.Skipped} answer record(s) of another name, type or class not used"));
            }

            return section.Records.Count == 0
                ? Failed<T>(DnsLookupStatus.NoRecords, duration, server, "the name exists but has no record of this type")
                : new DnsLookupResult<T>(DnsLookupStatus.Success, section.Records, duration, server, null);
        }
        catch (MalformedDnsMessageException e)
        {
            return Failed<T>(DnsLookupStatus.MalformedAnswer, duration, server, $"malformed answer: {e.Message} ({DnsMessage.Excerpt(message, e.Offset)})");
        }
        catch (DnsAliasChainException e)
        {
            return Failed<T>(DnsLookupStatus.Error, duration, server, e.Message);
        }
    }

    private static DnsLookupResult<T> Failed<T>(DnsLookupStatus status, TimeSpan duration, string? server, string? error) =>
        new(status, [], duration, server, error);

    // RFC 6895 §2.3.
    private static string ResponseCodeName(int code) => code switch
    {
        1 => "FORMERR",
        4 => "NOTIMP",
        6 => "YXDOMAIN",
        7 => "YXRRSET",
        8 => "NXRRSET",
        9 => "NOTAUTH",
        10 => "NOTZONE",
        _ => "unassigned",
    };

    private static void Trace<T>(ProbeTrace? trace, string type, string name, DnsLookupResult<T> result, DnsExchangeNotes notes, Func<T, string> format)
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

        foreach (var note in notes.Lines)
        {
            text.Append("\n  note: ").Append(note);
        }

        foreach (var record in result.Records.Take(MaxRecordsTraced))
        {
            text.Append("\n  ").Append(format(record));
        }

        if (result.Records.Count > MaxRecordsTraced)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  … {result.Records.Count - MaxRecordsTraced} more records not listed");
        }

        trace.Add(TraceEntryKind.Dns, text.ToString());
    }

    private async Task<(DnsLookupResult<T> Result, DnsExchangeNotes Notes)> QueryAsync<T>(string name, DnsRecordType type, DnsRecordReader<T> reader, ProbeTrace? trace, CancellationToken ct)
    {
        var notes = new DnsExchangeNotes();
        if (DnsQuestion.TryCreate(name, type, out var invalid) is not { } question)
        {
            return (Failed<T>(DnsLookupStatus.Error, TimeSpan.Zero, null, invalid), notes);
        }

        var start = _time.GetTimestamp();
        DnsExchange exchange;
        try
        {
            exchange = await _stub.AskAsync(question, notes, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && trace is not null)
        {
            // The probe's deadline: what was seen until then (answers ignored, attempts) still belongs in the trace.
            Trace(trace, question.Type.ToString().ToUpperInvariant(), name, Failed<T>(DnsLookupStatus.Timeout, _time.GetElapsedTime(start), _stub.Servers, "cancelled by the probe's deadline"), notes, _ => string.Empty);
            throw;
        }

        var duration = _time.GetElapsedTime(start);
        var result = exchange.Outcome switch
        {
            DnsExchangeOutcome.Answered => Read(exchange.Received, question, reader, duration, exchange.Server, notes),
            DnsExchangeOutcome.TimedOut => Failed<T>(DnsLookupStatus.Timeout, duration, exchange.Server, exchange.Failure),
            _ => Failed<T>(DnsLookupStatus.Error, duration, exchange.Server, exchange.Failure),
        };
        return (result, notes);
    }
}
