using System.Diagnostics;
using System.Net;
using PushExporter.Sip.Resolution;
using PushExporter.Sip.Tracing;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Resolution;

/// <summary>
/// Issue 15: the attacks a hostile name server (or anyone who can send it a datagram) made
/// against the resolver, one regression test each. Every one ends in a DNS status, never an
/// exception, and no forged answer is taken.
/// </summary>
public sealed class HostileDnsTests
{
    private const string FederationSrv = "_sipfederationtls._tcp.contoso.test";
    private const string Edge = "edge.contoso.test";
    private static readonly IPAddress _true = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress _forged = IPAddress.Parse("127.0.0.66");
    private static readonly TimeSpan _shortTimeout = TimeSpan.FromMilliseconds(300);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> MalformedAnswers => ["truncated inside a record", "compression pointer loop", "pointer past the end", "64-byte label"];

    [Theory]
    [MemberData(nameof(MalformedAnswers))]
    public async Task A_malformed_srv_answer_is_a_malformed_answer_with_short_evidence(string attack)
    {
        await using var server = HostileDnsServer.Start(q => [new DnsReply(Malformed(q, attack))]);
        var trace = new ProbeTrace();

        var result = await Resolver(server).ResolveSrvAsync(FederationSrv, trace, Ct);

        Assert.Equal(DnsLookupStatus.MalformedAnswer, result.Status);
        Assert.Empty(result.Records);
        Assert.StartsWith("malformed answer: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(attack switch
        {
            "truncated inside a record" => "the message ends",
            "compression pointer loop" => "a loop",
            "pointer past the end" => "past the end",
            _ => "label length 64",
        }, result.Error, StringComparison.Ordinal);
        Assert.InRange(result.Error!.Length, 1, 300);
        Assert.Contains("-> MalformedAnswer", Assert.Single(trace.Entries).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_address_answer_is_a_malformed_answer()
    {
        await using var server = HostileDnsServer.Start(q => [new DnsReply(q.Type == ReceivedDnsQuery.A
            ? DnsAnswerBuilder.AnswerTo(q).Record(ReceivedDnsQuery.A, [127, 0, 0]).ToArray()
            : DnsAnswerBuilder.AnswerTo(q).ToArray())]);

        var result = await Resolver(server).ResolveAddressesAsync(Edge, null, Ct);

        Assert.Equal(DnsLookupStatus.MalformedAnswer, result.Status);
        Assert.Contains("3 bytes of data instead of 4", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_evidence_of_a_large_malformed_answer_is_an_excerpt_not_the_message()
    {
        // 60 KB over TCP: a looping name in the first record, then padding that must not reach the error text.
        await using var server = HostileDnsServer.Start(q =>
        {
            if (!q.OverTcp)
            {
                return [new DnsReply(DnsAnswerBuilder.AnswerTo(q).Truncated().ToArray())];
            }

            var answer = DnsAnswerBuilder.AnswerTo(q);
            var at = answer.Length + 18;
            answer.Srv(10, 60, 5061, [1, (byte)'a', (byte)(0xC0 | (at >> 8)), (byte)at]);
            return [new DnsReply([.. answer.ToArray(), .. new byte[60_000]])];
        });

        var result = await Resolver(server).ResolveSrvAsync(FederationSrv, null, Ct);

        Assert.Equal(DnsLookupStatus.MalformedAnswer, result.Status);
        Assert.InRange(result.Error!.Length, 1, 300);
        Assert.Contains("bytes", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_with_a_wrong_transaction_id_is_ignored_then_the_lookup_times_out()
    {
        await using var server = HostileDnsServer.Start(q => [new DnsReply(DnsAnswerBuilder.AnswerTo(q).WithId((ushort)(q.Id ^ 0x5A5A)).Srv(10, 60, 5061, "evil.contoso.test").ToArray())]);
        var trace = new ProbeTrace();

        var result = await Resolver(server).ResolveSrvAsync(FederationSrv, trace, Ct);

        Assert.Equal(DnsLookupStatus.Timeout, result.Status);
        Assert.InRange(result.Duration, _shortTimeout - TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(5));
        Assert.Contains("ignored a UDP answer", Assert.Single(trace.Entries).Text, StringComparison.Ordinal);
        Assert.Contains("transaction id", trace.Entries[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_probe_deadline_ends_the_wait_the_trace_still_shows_the_ignored_answers()
    {
        await using var server = HostileDnsServer.Start(q => [new DnsReply(DnsAnswerBuilder.AnswerTo(q).WithId((ushort)(q.Id ^ 0x5A5A)).ToArray())]);
        var trace = new ProbeTrace();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(_shortTimeout);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Resolver(server, TimeSpan.FromSeconds(30)).ResolveSrvAsync(FederationSrv, trace, deadline.Token));

        var entry = Assert.Single(trace.Entries).Text;
        Assert.Contains("cancelled by the probe's deadline", entry, StringComparison.Ordinal);
        Assert.Contains("transaction id", entry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_an_answer_with_a_wrong_transaction_id_the_wait_goes_on_for_the_true_one()
    {
        await using var server = HostileDnsServer.Start(q => AddressOnly(q,
            new DnsReply(DnsAnswerBuilder.AnswerTo(q).WithId((ushort)(q.Id + 1)).Address(_forged).ToArray()),
            new DnsReply(DnsAnswerBuilder.AnswerTo(q).Address(_true).ToArray())));

        var result = await Resolver(server, TimeSpan.FromSeconds(5)).ResolveAddressesAsync(Edge, null, Ct);

        Assert.Equal(DnsLookupStatus.Success, result.Status);
        Assert.Equal([_true], result.Records);
    }

    [Theory]
    [InlineData("evil.contoso.test", ReceivedDnsQuery.A, ReceivedDnsQuery.InternetClass)]
    [InlineData(Edge, ReceivedDnsQuery.Srv, ReceivedDnsQuery.InternetClass)]
    [InlineData(Edge, ReceivedDnsQuery.A, (ushort)3)]
    public async Task An_answer_to_another_question_is_ignored(string name, ushort type, ushort @class)
    {
        await using var server = HostileDnsServer.Start(q => AddressOnly(q,
            new DnsReply(DnsAnswerBuilder.AnswerTo(q, name, type, @class).Address(_forged).ToArray()),
            new DnsReply(DnsAnswerBuilder.AnswerTo(q).Address(_true).ToArray())));
        var trace = new ProbeTrace();

        var result = await Resolver(server, TimeSpan.FromSeconds(5)).ResolveAddressesAsync(Edge, trace, Ct);

        Assert.Equal(DnsLookupStatus.Success, result.Status);
        Assert.Equal([_true], result.Records);
        Assert.Contains("ignored a UDP answer", trace.Entries[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_from_another_source_port_is_ignored()
    {
        await using var server = HostileDnsServer.Start(q => AddressOnly(q,
            new DnsReply(DnsAnswerBuilder.AnswerTo(q).Address(_forged).ToArray(), FromAnotherPort: true),
            new DnsReply(DnsAnswerBuilder.AnswerTo(q).Address(_true).ToArray())));

        var result = await Resolver(server, TimeSpan.FromSeconds(5)).ResolveAddressesAsync(Edge, null, Ct);

        Assert.Equal(DnsLookupStatus.Success, result.Status);
        Assert.Equal([_true], result.Records);
    }

    [Fact]
    public async Task Only_an_answer_from_another_source_port_is_a_timeout()
    {
        await using var server = HostileDnsServer.Start(q => [new DnsReply(DnsAnswerBuilder.AnswerTo(q).Address(_forged).ToArray(), FromAnotherPort: true)]);

        var result = await Resolver(server).ResolveAddressesAsync(Edge, null, Ct);

        Assert.Equal(DnsLookupStatus.Timeout, result.Status);
        Assert.Empty(result.Records);
    }

    [Fact]
    public async Task A_flood_of_100000_srv_records_over_tcp_is_cut_short_and_stalls_no_other_lookup()
    {
        var floodWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = HostileDnsServer.Start(q =>
        {
            if (q.Name == "ok.contoso.test")
            {
                return [new DnsReply(DnsAnswerBuilder.AnswerTo(q).Srv(10, 60, 5061, "edge-a.contoso.test").Srv(20, 0, 5061, "edge-b.contoso.test").ToArray())];
            }

            if (!q.OverTcp)
            {
                return [new DnsReply(DnsAnswerBuilder.AnswerTo(q).Truncated().ToArray())];
            }

            floodWritten.TrySetResult();
            return Flood(q, 100_000);
        });
        var resolver = Resolver(server, TimeSpan.FromSeconds(10));
        var trace = new ProbeTrace();
        var clock = Stopwatch.StartNew();

        var flood = resolver.ResolveSrvAsync(FederationSrv, trace, Ct);
        await floodWritten.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        // Another target's lookups on the same resolver, one after the other, for as long as the flood is being handled.
        do
        {
            var other = await resolver.ResolveSrvAsync("ok.contoso.test", null, Ct).WaitAsync(TimeSpan.FromSeconds(3), Ct);
            Assert.Equal(DnsLookupStatus.Success, other.Status);
            Assert.Equal(["edge-a.contoso.test", "edge-b.contoso.test"], other.Records.Select(r => r.Target));
        }
        while (!flood.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(10));

        Assert.True(flood.IsCompleted, "the flooded lookup did not finish within 10 s");
        var result = await flood;

        Assert.Equal(DnsLookupStatus.Success, result.Status);
        Assert.Equal(SipDnsResolver.MaxRecords, result.Records.Count);
        Assert.Contains($"only the first {SipDnsResolver.MaxRecords} SRV records were considered", trace.Entries[0].Text, StringComparison.Ordinal);
        Assert.Equal(1, server.TcpQueries);
    }

    [Theory]
    [InlineData("0.0.0.0", "the unspecified address")]
    [InlineData("0.1.2.3", "in 0.0.0.0/8, \"this network\"")]
    [InlineData("255.255.255.255", "the broadcast address")]
    [InlineData("224.0.0.1", "a multicast address")]
    [InlineData("239.255.255.250", "a multicast address")]
    [InlineData("::", "the unspecified address")]
    [InlineData("ff02::1", "a multicast address")]
    [InlineData("::ffff:0.0.0.0", "the unspecified address")]
    public async Task An_address_no_probe_connects_to_is_a_dns_failure(string address, string reason)
    {
        var unusable = IPAddress.Parse(address);
        await using var server = HostileDnsServer.Start(q =>
        {
            var answer = DnsAnswerBuilder.AnswerTo(q);
            if (q.Type == ReceivedDnsQuery.A)
            {
                answer.Address(_true);
            }

            if (q.Type == (unusable.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? ReceivedDnsQuery.A : ReceivedDnsQuery.Aaaa))
            {
                answer.Address(unusable);
            }

            return [new DnsReply(answer.ToArray())];
        });

        var result = await Resolver(server).ResolveAddressesAsync(Edge, null, Ct);

        Assert.Equal(DnsLookupStatus.UnusableAddress, result.Status);
        Assert.Empty(result.Records);
        Assert.Equal($"resolves to {unusable} ({reason}), which is never connected to", result.Error);
    }

    [Fact]
    public async Task Records_of_another_owner_are_not_taken_but_a_cname_chain_is_followed()
    {
        await using var server = HostileDnsServer.Start(q => [new DnsReply(q.Type != ReceivedDnsQuery.A
            ? DnsAnswerBuilder.AnswerTo(q).ToArray()
            : DnsAnswerBuilder.AnswerTo(q)
                .Record(DnsAnswerBuilder.EncodeName("evil.contoso.test"), ReceivedDnsQuery.A, ReceivedDnsQuery.InternetClass, _forged.GetAddressBytes())
                .CName(null, "pool.contoso.test")
                .Record(DnsAnswerBuilder.EncodeName("pool.contoso.test"), ReceivedDnsQuery.A, ReceivedDnsQuery.InternetClass, _true.GetAddressBytes())
                .ToArray())]);

        var result = await Resolver(server).ResolveAddressesAsync(Edge, null, Ct);

        Assert.Equal(DnsLookupStatus.Success, result.Status);
        Assert.Equal([_true], result.Records);
    }

    [Fact]
    public async Task A_cname_loop_is_an_error()
    {
        // edge → a → edge → a …, more links than any chain may have.
        await using var server = HostileDnsServer.Start(q =>
        {
            var answer = DnsAnswerBuilder.AnswerTo(q);
            for (var i = 0; i < 20; i++)
            {
                answer.CName(i % 2 == 0 ? Edge : "a.contoso.test", i % 2 == 0 ? "a.contoso.test" : Edge);
            }

            return [new DnsReply(answer.ToArray())];
        });

        var result = await Resolver(server).ResolveSrvAsync(Edge, null, Ct);

        Assert.Equal(DnsLookupStatus.Error, result.Status);
        Assert.Contains("CNAME", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_udp_port_is_an_error_at_once()
    {
        var closed = new IPEndPoint(IPAddress.Loopback, FreePort.Udp());
        var resolver = new SipDnsResolver(new DnsResolverOptions { NameServers = [closed], Timeout = TimeSpan.FromSeconds(10), Retries = 0 });

        var result = await resolver.ResolveSrvAsync(FederationSrv, null, Ct);

        Assert.Equal(DnsLookupStatus.Error, result.Status);
        Assert.Contains("ConnectionRefused", result.Error, StringComparison.Ordinal);
        Assert.InRange(result.Duration, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    private static SipDnsResolver Resolver(HostileDnsServer server, TimeSpan? timeout = null) =>
        new(new DnsResolverOptions { NameServers = [server.EndPoint], Timeout = timeout ?? _shortTimeout, Retries = 0 });

    // The script for address lookups: the replies for the A question, an empty NOERROR for AAAA.
    private static DnsReply[] AddressOnly(ReceivedDnsQuery query, params DnsReply[] replies) =>
        query.Type == ReceivedDnsQuery.A ? replies : [new DnsReply(DnsAnswerBuilder.AnswerTo(query).ToArray())];

    private static byte[] Malformed(ReceivedDnsQuery query, string attack)
    {
        var answer = DnsAnswerBuilder.AnswerTo(query).Srv(10, 60, 5061, "edge-a.contoso.test");
        var at = answer.Length + 18;
        switch (attack)
        {
            case "truncated inside a record":
                var whole = answer.Srv(10, 40, 5061, "edge-b.contoso.test").ToArray();
                return whole[..^10];
            case "compression pointer loop":
                // The target "a" followed by a pointer back to its own start: a.a.a.a… for ever.
                return answer.Srv(10, 40, 5061, [1, (byte)'a', (byte)(0xC0 | (at >> 8)), (byte)at]).ToArray();
            case "pointer past the end":
                return answer.Srv(10, 40, 5061, [0xFF, 0xFF]).ToArray();
            default:
                return answer.Srv(10, 40, 5061, [64, .. new byte[64].Select(_ => (byte)'x'), 0]).ToArray();
        }
    }

    private static IEnumerable<DnsReply> Flood(ReceivedDnsQuery query, int records)
    {
        // Back to back, as many records per message as fit in 65,535 bytes.
        const int PerMessage = 1_500;
        for (var first = 0; first < records; first += PerMessage)
        {
            var message = DnsAnswerBuilder.AnswerTo(query);
            for (var i = first; i < Math.Min(records, first + PerMessage); i++)
            {
                message.Srv(10, (ushort)(i % 100), 5061, $"edge{i}.test");
            }

            yield return new DnsReply(message.ToArray());
        }
    }
}
