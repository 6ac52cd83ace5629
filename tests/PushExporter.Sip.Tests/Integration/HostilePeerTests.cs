using System.Net.Sockets;
using System.Text;
using PushExporter.Sip.Message;
using PushExporter.Sip.Tracing;
using PushExporter.Sip.Transaction;
using PushExporter.Sip.Transport;

namespace PushExporter.Sip.Tests.Integration;

/// <summary>
/// Peers that never send a usable answer. Each exchange must end before the probe deadline in a
/// classified parse or transport error or a timeout, and the client must stop reading: the bytes
/// the peer got into the connection before the client closed it stay far below what it tried to send.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostilePeerTests
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(2);

    // What a stopped reader lets through: the connection's buffer (at most 64 KB of headers + 64 KB
    // of body + 4 KB), plus the kernel's socket buffers on both ends. An unbounded reader would take
    // everything loopback carries in the 2 s deadline: gigabytes.
    private const long MaxBytesDelivered = 1024 * 1024;

    private static readonly byte[] _fillerLine = Encoding.ASCII.GetBytes("X-Filler: " + new string('a', 1000) + "\r\n");

    [Fact]
    public async Task Headers_that_never_end_stop_at_the_header_limit()
    {
        await using var peer = HostilePeer.Tcp(async (exchange, ct) =>
        {
            await exchange.SendAsync("SIP/2.0 200 OK\r\n" + exchange.MatchingHeaders, ct);
            await exchange.SendForeverAsync(_fillerLine, ct);
        });

        var result = await Run(peer, SipTransportKind.Tcp);

        AssertParseError(result, SipParseErrorKind.HeadersTooLarge);
        Assert.Contains($"{SipParserLimits.Default.MaxHeaderBytes}-byte limit", result.Error, StringComparison.Ordinal);
        await AssertClientStoppedReading(peer);
    }

    [Fact]
    public async Task A_header_line_that_never_ends_stops_at_the_line_limit()
    {
        await using var peer = HostilePeer.Tcp(async (exchange, ct) =>
        {
            await exchange.SendAsync("SIP/2.0 200 OK\r\n" + exchange.MatchingHeaders + "X-Endless: ", ct);
            await exchange.SendForeverAsync(Encoding.ASCII.GetBytes(new string('b', 4096)), ct);
        });

        var result = await Run(peer, SipTransportKind.Tcp);

        AssertParseError(result, SipParseErrorKind.LineTooLong);
        Assert.Contains($"{SipParserLimits.Default.MaxLineLength}-byte limit", result.Error, StringComparison.Ordinal);
        await AssertClientStoppedReading(peer);
    }

    [Fact]
    public async Task Content_length_of_ten_million_is_refused_before_the_body_is_read()
    {
        await using var peer = HostilePeer.Tcp(async (exchange, ct) =>
        {
            await exchange.SendAsync("SIP/2.0 200 OK\r\n" + exchange.MatchingHeaders + "Content-Length: 10000000\r\n\r\n", ct);
            await exchange.SendForeverAsync(new byte[16 * 1024], ct);
        });

        var result = await Run(peer, SipTransportKind.Tcp);

        AssertParseError(result, SipParseErrorKind.BodyTooLarge);
        Assert.Contains("Content-Length 10000000 exceeds", result.Error, StringComparison.Ordinal);
        await AssertClientStoppedReading(peer);
    }

    [Fact]
    public async Task Random_bytes_over_tcp_are_a_parse_error()
    {
        var random = new Random(2);
        var noise = new byte[16 * 1024];
        random.NextBytes(noise);
        await using var peer = HostilePeer.Tcp((exchange, ct) => exchange.SendForeverAsync(noise, ct));

        var result = await Run(peer, SipTransportKind.Tcp);

        // Which rule the noise breaks first depends on the bytes; that it ends in the parser's own error does not.
        Assert.True(result.Outcome == SipTransactionOutcome.ParseError, $"{result.Outcome}: {result.Error}");
        Assert.NotNull(result.ParseError);
        Assert.True(result.Elapsed < _deadline / 2, $"took {result.Elapsed}");
        await AssertClientStoppedReading(peer);
    }

    [Fact]
    public async Task Random_datagrams_end_at_the_deadline_as_a_parse_error()
    {
        var random = new Random(3);
        await using var peer = HostilePeer.Udp(async (exchange, ct) =>
        {
            // 40 in the second: below the transaction's cap of 64 ignored messages.
            using var every25ms = new PeriodicTimer(TimeSpan.FromMilliseconds(25));
            var noise = new byte[1200];
            do
            {
                random.NextBytes(noise);
                await exchange.SendAsync(noise, ct);
            }
            while (await every25ms.WaitForNextTickAsync(ct));
        });

        var result = await Run(peer, SipTransportKind.Udp, TimeSpan.FromSeconds(1));

        // Over UDP a bad datagram is dropped (RFC 3261 §18.3) and the transaction waits on; the last parse error explains the timeout.
        Assert.True(result.Outcome == SipTransactionOutcome.ParseError, $"{result.Outcome}: {result.Error}");
        Assert.NotNull(result.ParseError);
        Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5));
        Assert.True(result.Retransmissions > 0);
    }

    [Fact]
    public async Task Reset_in_the_middle_of_a_response_is_a_lost_connection()
    {
        await using var peer = HostilePeer.Tcp(async (exchange, ct) =>
        {
            await exchange.SendAsync("SIP/2.0 200 OK\r\n" + exchange.MatchingHeaders + "Conte", ct);
            // RST instead of FIN: linger on with a zero timeout, then close.
            exchange.Socket.LingerState = new LingerOption(true, 0);
            exchange.Socket.Close();
        });

        var result = await Run(peer, SipTransportKind.Tcp);

        Assert.True(result.Outcome == SipTransactionOutcome.TransportError, $"{result.Outcome}: {result.Error}");
        Assert.Equal(SipTransportErrorKind.ConnectionLost, result.TransportError);
        Assert.True(result.Elapsed < _deadline, $"took {result.Elapsed}");
    }

    [Fact]
    public async Task Close_in_the_middle_of_a_response_is_a_lost_connection()
    {
        await using var peer = HostilePeer.Tcp(async (exchange, ct) =>
        {
            await exchange.SendAsync("SIP/2.0 200 OK\r\n" + exchange.MatchingHeaders + "Conte", ct);
            exchange.Socket.Shutdown(SocketShutdown.Send);
        });

        var result = await Run(peer, SipTransportKind.Tcp);

        Assert.True(result.Outcome == SipTransactionOutcome.TransportError, $"{result.Outcome}: {result.Error}");
        Assert.Equal(SipTransportErrorKind.ConnectionLost, result.TransportError);
        Assert.Contains("bytes of an incomplete message", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SipTransportKind.Tcp)]
    [InlineData(SipTransportKind.Udp)]
    public async Task Trying_every_10_ms_forever_ends_at_the_message_cap_with_bounded_history(SipTransportKind transport)
    {
        Task Behaviour(HostilePeer.Exchange exchange, CancellationToken ct) => TryingForeverAsync(exchange, TimeSpan.FromMilliseconds(10), ct);
        await using var peer = transport == SipTransportKind.Tcp ? HostilePeer.Tcp(Behaviour) : HostilePeer.Udp(Behaviour);
        var trace = new ProbeTrace();

        var result = await Run(peer, transport, TimeSpan.FromSeconds(2), trace);

        // The 65th 100 Trying ends it, about 650 ms in; the transaction keeps the first 8, the trace its own bounded number.
        Assert.True(result.Outcome == SipTransactionOutcome.TooManyMessages, $"{result.Outcome}: {result.Error}\n{trace}");
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(1.5));
        Assert.Equal(8, result.ProvisionalResponses.Count);
        Assert.All(result.ProvisionalResponses, r => Assert.Equal(100, r.StatusCode));
        Assert.True(trace.Entries.Count <= ProbeTrace.MaxEntries);
    }

    [Theory]
    [InlineData(SipTransportKind.Tcp)]
    [InlineData(SipTransportKind.Udp)]
    public async Task A_flood_of_100_Trying_ends_promptly_with_the_flood_named(SipTransportKind transport)
    {
        // Issue 11, finding 6: as fast as the peer can send; the old transaction parsed and traced them all until the deadline.
        Task Behaviour(HostilePeer.Exchange exchange, CancellationToken ct) => TryingForeverAsync(exchange, TimeSpan.Zero, ct);
        await using var peer = transport == SipTransportKind.Tcp ? HostilePeer.Tcp(Behaviour) : HostilePeer.Udp(Behaviour);
        var trace = new ProbeTrace();

        var result = await Run(peer, transport, TimeSpan.FromSeconds(5), trace);

        Assert.True(result.Outcome == SipTransactionOutcome.TooManyMessages, $"{result.Outcome}: {result.Error}\n{trace}");
        Assert.StartsWith($"the peer flooded the transaction: {NonInviteClientTransaction.MaxAbsorbedMessages + 1} messages without a final response", result.Error, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(1), $"took {result.Elapsed}");
    }

    [Theory]
    [InlineData(SipTransportKind.Tcp)]
    [InlineData(SipTransportKind.Udp)]
    public async Task Answers_with_a_wrong_call_id_cseq_number_or_from_tag_do_not_count(SipTransportKind transport)
    {
        // Issue 11, finding 9: the right branch and method, but another request's identifiers.
        Task Behaviour(HostilePeer.Exchange exchange, CancellationToken ct) => SpoofedThenRealAsync(exchange, ct);
        await using var peer = transport == SipTransportKind.Tcp ? HostilePeer.Tcp(Behaviour) : HostilePeer.Udp(Behaviour);
        var trace = new ProbeTrace();

        var result = await Run(peer, transport, TimeSpan.FromSeconds(2), trace);

        Assert.True(result.FinalResponse?.StatusCode == 486, $"{result.Outcome}: {result.FinalResponse} {result.Error}\n{trace}");
        Assert.Equal(3, result.StrayMessages);
    }

    private static async Task SpoofedThenRealAsync(HostilePeer.Exchange exchange, CancellationToken cancellationToken)
    {
        string Answer(int status, string header, Func<string, string> rewrite) =>
            $"SIP/2.0 {status} Spoofed\r\n" + string.Concat(exchange.MatchingHeaders.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(l => (l.StartsWith(header, StringComparison.OrdinalIgnoreCase) ? rewrite(l) : l) + "\r\n")) + "Content-Length: 0\r\n\r\n";

        await exchange.SendAsync(Answer(200, "Call-ID:", _ => "Call-ID: another-call@edge.test"), cancellationToken);
        await exchange.SendAsync(Answer(200, "CSeq:", l => l.Replace("CSeq: 1 ", "CSeq: 2 ", StringComparison.Ordinal)), cancellationToken);
        await exchange.SendAsync(Answer(200, "From:", l => l[..(l.IndexOf(";tag=", StringComparison.Ordinal) + 5)] + "spoofed"), cancellationToken);
        await exchange.SendAsync(Answer(486, "X-None:", l => l).Replace("486 Spoofed", "486 Busy Here", StringComparison.Ordinal), cancellationToken);
    }

    private static async Task TryingForeverAsync(HostilePeer.Exchange exchange, TimeSpan interval, CancellationToken cancellationToken)
    {
        var trying = Encoding.ASCII.GetBytes("SIP/2.0 100 Trying\r\n" + exchange.MatchingHeaders + "Content-Length: 0\r\n\r\n");
        if (interval == TimeSpan.Zero)
        {
            await exchange.SendForeverAsync(trying, cancellationToken);
            return;
        }

        using var timer = new PeriodicTimer(interval);
        do
        {
            await exchange.SendAsync(trying, cancellationToken);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private static async Task<SipTransactionResult> Run(HostilePeer peer, SipTransportKind transport, TimeSpan? deadline = null, ProbeTrace? trace = null)
    {
        var result = await SipClient.ExchangeAsync(peer.Port, transport, deadline: deadline ?? _deadline, trace: trace);
        Assert.True(result.Elapsed <= (deadline ?? _deadline) + TimeSpan.FromMilliseconds(500), $"{result.Outcome} only after {result.Elapsed}");
        return result;
    }

    private static void AssertParseError(SipTransactionResult result, SipParseErrorKind kind)
    {
        Assert.True(result.Outcome == SipTransactionOutcome.ParseError, $"{result.Outcome}: {result.Error}");
        Assert.Equal(kind, result.ParseError?.Kind);
        // A limit is hit as soon as the bytes arrive, not when the deadline passes.
        Assert.True(result.Elapsed < _deadline / 2, $"took {result.Elapsed}");
    }

    // The client has closed the connection (ExchangeAsync disposes it): the peer's next send fails.
    private static async Task AssertClientStoppedReading(HostilePeer peer)
    {
        await peer.StoppedAsync(TimeSpan.FromSeconds(5));
        Assert.IsType<SocketException>(peer.Ended);
        Assert.True(peer.BytesSent < MaxBytesDelivered, $"the peer got {peer.BytesSent} bytes into the connection");
        TestContext.Current.TestOutputHelper?.WriteLine($"the peer got {peer.BytesSent} bytes in before the client closed");
    }
}
