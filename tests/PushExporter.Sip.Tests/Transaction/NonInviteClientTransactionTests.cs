using Microsoft.Extensions.Time.Testing;
using PushExporter.Sip.Message;
using PushExporter.Sip.Tracing;
using PushExporter.Sip.Transaction;
using PushExporter.Sip.Transport;

using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Transaction;

public sealed class NonInviteClientTransactionTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private static SipRequest Options(string transport = "UDP") => SipRequestFactory.Create(new SipRequestOptions
    {
        Method = "OPTIONS",
        RequestUri = SipUri.Parse("sip:push@push.lync.com"),
        From = SipUri.Parse("sip:pushexporter@contoso.test"),
        Transport = transport,
        ViaHost = "127.0.0.1",
        ViaPort = 40000,
    });

    private static string Response(
        SipRequest request,
        int status,
        string reason,
        string? branch = null,
        string method = "OPTIONS",
        string extra = "",
        string? callId = null,
        int cseq = 1,
        string? fromTag = null) =>
        $"SIP/2.0 {status} {reason}\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:40000;branch={branch ?? request.TopViaBranch};rport=40000\r\n" +
        $"From: <sip:pushexporter@contoso.test>;tag={fromTag ?? request.FromTag}\r\n" +
        "To: <sip:push@push.lync.com>;tag=edge1\r\n" +
        $"Call-ID: {callId ?? request.CallId}\r\n" +
        $"CSeq: {cseq} {method}\r\n" +
        extra +
        "Content-Length: 0\r\n\r\n";

    private static async Task WhenReceived(InMemorySipConnection connection, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (connection.ReceiveCalls <= count)
        {
            await Task.Delay(1, deadline.Token);
        }
    }

    private static async Task WhenSent(InMemorySipConnection connection, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (connection.Sent.Count < count)
        {
            await Task.Delay(1, deadline.Token);
        }
    }

    [Fact]
    public async Task Timer_E_doubles_from_T1_to_T2_and_Timer_F_ends_the_transaction_at_64_T1()
    {
        var connection = new InMemorySipConnection(reliable: false, _time);
        var transaction = new NonInviteClientTransaction(connection, Options(), time: _time);
        var start = _time.GetUtcNow();

        var run = transaction.RunAsync(deadline: null, TestContext.Current.CancellationToken);
        for (var i = 0; i < 320 && !run.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var result = await run;
        Assert.Equal(SipTransactionOutcome.Timeout, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(32), result.Elapsed);
        // RFC 3261 §17.1.2.2: 0.5, 1, 2, 4, 4, 4 ... seconds between transmissions.
        var offsets = connection.Sent.Select(s => (s.At - start).TotalSeconds).ToArray();
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], offsets);
        Assert.Equal(10, result.Retransmissions);
        Assert.All(connection.Sent.Skip(1), s => Assert.Equal(connection.Sent[0].Text, s.Text));
        Assert.Equal(NonInviteTransactionState.Terminated, transaction.State);
    }

    [Fact]
    public async Task A_provisional_response_moves_Timer_E_to_T2()
    {
        var connection = new InMemorySipConnection(reliable: false, _time);
        var request = Options();
        var transaction = new NonInviteClientTransaction(connection, request, time: _time);
        var start = _time.GetUtcNow();
        var run = transaction.RunAsync(deadline: null, TestContext.Current.CancellationToken);

        connection.Deliver(Response(request, 100, "Trying"));
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (transaction.State != NonInviteTransactionState.Proceeding)
            {
                await Task.Delay(1, wait.Token);
            }
        }

        for (var i = 0; i < 100; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var offsets = connection.Sent.Select(s => (s.At - start).TotalSeconds).ToArray();
        Assert.Equal([0, 0.5, 4.5, 8.5], offsets);

        connection.Deliver(Response(request, 200, "OK"));
        var result = await run;
        Assert.Equal(200, result.FinalResponse!.StatusCode);
        Assert.Equal(100, Assert.Single(result.ProvisionalResponses).StatusCode);
    }

    [Fact]
    public async Task Over_a_reliable_transport_nothing_is_retransmitted()
    {
        var connection = new InMemorySipConnection(reliable: true, _time);
        var run = new NonInviteClientTransaction(connection, Options("TCP"), time: _time).RunAsync(null, TestContext.Current.CancellationToken);
        for (var i = 0; i < 33 && !run.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var result = await run;
        Assert.Equal(SipTransactionOutcome.Timeout, result.Outcome);
        Assert.Single(connection.Sent);
        Assert.Equal(0, result.Retransmissions);
    }

    [Fact]
    public async Task The_probe_deadline_ends_the_transaction_before_Timer_F()
    {
        var connection = new InMemorySipConnection(reliable: true, _time);
        var run = new NonInviteClientTransaction(connection, Options("TCP"), time: _time).RunAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.False(run.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var result = await run;
        Assert.Equal(SipTransactionOutcome.Timeout, result.Outcome);
        Assert.Equal("no response within 3 s", result.Error);
    }

    [Fact]
    public async Task A_final_response_completes_with_its_round_trip()
    {
        var connection = new InMemorySipConnection(reliable: true, _time);
        var request = Options("TCP");
        var transaction = new NonInviteClientTransaction(connection, request, time: _time);
        var run = transaction.RunAsync(null, TestContext.Current.CancellationToken);
        await WhenSent(connection, 1);

        _time.Advance(TimeSpan.FromMilliseconds(42));
        connection.Deliver(Response(request, 504, "Server time-out", extra: "ms-diagnostics: 1008;reason=\"Unable to resolve DNS SRV record\";source=\"edge.contoso.test\"\r\n"));
        var result = await run;

        Assert.Equal(SipTransactionOutcome.FinalResponse, result.Outcome);
        Assert.Equal(504, result.FinalResponse!.StatusCode);
        Assert.Equal(1008, result.FinalResponse.MsDiagnostics!.Code);
        Assert.Equal(TimeSpan.FromMilliseconds(42), result.RoundTrip);
    }

    [Fact]
    public async Task The_round_trip_is_the_transports_stamps_not_the_transactions_clock()
    {
        // Issue 15: the connection stamps the send and the arrival; the time the transaction takes to get to the
        // bytes and parse them (here: none of its clock passes at all) stays out of the round trip.
        var wire = new FakeTimeProvider();
        var connection = new InMemorySipConnection(reliable: true, wire);
        var request = Options("TCP");
        var run = new NonInviteClientTransaction(connection, request, time: _time).RunAsync(null, TestContext.Current.CancellationToken);
        await WhenSent(connection, 1);

        wire.Advance(TimeSpan.FromMilliseconds(42));
        connection.Deliver(Response(request, 200, "OK"));
        var result = await run;

        Assert.Equal(TimeSpan.FromMilliseconds(42), result.RoundTrip);
        Assert.Equal(TimeSpan.Zero, result.Elapsed);
    }

    [Fact]
    public async Task Over_UDP_the_round_trip_counts_from_the_last_send_before_the_answer()
    {
        var connection = new InMemorySipConnection(reliable: false, _time);
        var request = Options();
        var run = new NonInviteClientTransaction(connection, request, time: _time).RunAsync(null, TestContext.Current.CancellationToken);
        await WhenSent(connection, 1);

        _time.Advance(TimeSpan.FromMilliseconds(500));
        await WhenSent(connection, 2);
        _time.Advance(TimeSpan.FromMilliseconds(120));
        connection.Deliver(Response(request, 200, "OK"));
        var result = await run;

        Assert.Equal(1, result.Retransmissions);
        Assert.Equal(TimeSpan.FromMilliseconds(120), result.RoundTrip);
        Assert.Equal(TimeSpan.FromMilliseconds(620), result.Elapsed);
    }

    [Fact]
    public async Task Retransmissions_after_a_provisional_response_do_not_shorten_the_round_trip()
    {
        var connection = new InMemorySipConnection(reliable: false, _time);
        var request = Options();
        var transaction = new NonInviteClientTransaction(connection, request, time: _time);
        var run = transaction.RunAsync(null, TestContext.Current.CancellationToken);
        await WhenSent(connection, 1);

        _time.Advance(TimeSpan.FromMilliseconds(10));
        connection.Deliver(Response(request, 100, "Trying"));
        await WhenReceived(connection, 1);
        _time.Advance(TimeSpan.FromMilliseconds(490));
        await WhenSent(connection, 2);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        connection.Deliver(Response(request, 200, "OK"));
        var result = await run;

        // The 100 Trying proved the first transmission got through; the peer's work counts from it.
        Assert.Equal(1, result.Retransmissions);
        Assert.Equal(TimeSpan.FromMilliseconds(700), result.RoundTrip);
    }

    [Fact]
    public async Task Responses_of_other_transactions_are_ignored()
    {
        var connection = new InMemorySipConnection(reliable: true, _time);
        var request = Options("TCP");
        var run = new NonInviteClientTransaction(connection, request, time: _time).RunAsync(null, TestContext.Current.CancellationToken);

        connection.Deliver(Response(request, 500, "Other branch", branch: "z9hG4bKsomeoneelse"));
        connection.Deliver(Response(request, 500, "Other method", method: "MESSAGE"));
        connection.Deliver("OPTIONS sip:pushexporter@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKx\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        connection.Deliver(Response(request, 200, "OK"));
        var result = await run;

        Assert.Equal(200, result.FinalResponse!.StatusCode);
        Assert.Equal(3, result.StrayMessages);
    }

    [Theory]
    [InlineData("Call-ID")]
    [InlineData("CSeq number")]
    [InlineData("From tag")]
    public async Task A_response_that_differs_only_in_its_dialog_identifiers_is_a_stray(string differs)
    {
        var connection = new InMemorySipConnection(reliable: true, _time);
        var request = Options("TCP");
        var trace = new ProbeTrace(_time);
        var run = new NonInviteClientTransaction(connection, request, time: _time, trace: trace).RunAsync(null, TestContext.Current.CancellationToken);

        // Right branch and method (all RFC 3261 §17.1.3 asks), but not an answer to this request.
        connection.Deliver(differs switch
        {
            "Call-ID" => Response(request, 200, "Spoofed", callId: "someone-else@contoso.test"),
            "CSeq number" => Response(request, 200, "Spoofed", cseq: 2),
            _ => Response(request, 200, "Spoofed", fromTag: "not-ours"),
        });
        connection.Deliver(Response(request, 503, "The real answer"));
        var result = await run;

        Assert.Equal(503, result.FinalResponse!.StatusCode);
        Assert.Equal(1, result.StrayMessages);
        Assert.Contains(trace.Entries, e => e.Text == $"ignored: not a response to this transaction ({differs} differs)");
    }

    [Fact]
    public async Task Only_mismatched_responses_end_in_a_timeout()
    {
        var connection = new InMemorySipConnection(reliable: true, _time);
        var request = Options("TCP");
        var run = new NonInviteClientTransaction(connection, request, time: _time).RunAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        connection.Deliver(Response(request, 200, "OK", callId: "other"));
        connection.Deliver(Response(request, 200, "OK", cseq: 7));
        connection.Deliver(Response(request, 200, "OK", fromTag: "other"));
        await WhenReceived(connection, 3);
        _time.Advance(TimeSpan.FromSeconds(2));
        var result = await run;

        Assert.Equal(SipTransactionOutcome.Timeout, result.Outcome);
        Assert.Equal(3, result.StrayMessages);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_flood_of_100_Trying_ends_at_the_message_cap_not_at_Timer_F(bool reliable)
    {
        var connection = new InMemorySipConnection(reliable, _time);
        var request = Options(reliable ? "TCP" : "UDP");
        var run = new NonInviteClientTransaction(connection, request, time: _time).RunAsync(null, TestContext.Current.CancellationToken);

        for (var i = 0; i < 100; i++)
        {
            connection.Deliver(Response(request, 100, "Trying"));
        }

        // No time passes: the cap, not a timer, ends it.
        var result = await run;

        Assert.Equal(SipTransactionOutcome.TooManyMessages, result.Outcome);
        Assert.Equal(
            $"the peer flooded the transaction: {NonInviteClientTransaction.MaxAbsorbedMessages + 1} messages without a final response (65 provisional, 0 of other transactions, 0 unparsable) in 0 s",
            result.Error);
        Assert.Equal(TimeSpan.Zero, result.Elapsed);
        Assert.Equal(8, result.ProvisionalResponses.Count);
    }

    [Fact]
    public async Task Strays_and_garbage_count_against_the_same_cap()
    {
        var connection = new InMemorySipConnection(reliable: false, _time);
        var request = Options();
        var run = new NonInviteClientTransaction(connection, request, time: _time).RunAsync(null, TestContext.Current.CancellationToken);

        for (var i = 0; i < 30; i++)
        {
            connection.Deliver(Response(request, 200, "Spoofed", callId: "other"));
            connection.Deliver("\u0001 not sip\r\n\r\n");
            connection.Deliver(Response(request, 180, "Ringing"));
        }

        var result = await run;

        Assert.Equal(SipTransactionOutcome.TooManyMessages, result.Outcome);
        Assert.Contains("(21 provisional, 22 of other transactions, 22 unparsable)", result.Error, StringComparison.Ordinal);
        Assert.Equal(22, result.StrayMessages);
    }

    [Fact]
    public async Task A_connection_failure_ends_in_a_transport_error()
    {
        var connection = new InMemorySipConnection(reliable: true, _time);
        var run = new NonInviteClientTransaction(connection, Options("TCP"), time: _time).RunAsync(null, TestContext.Current.CancellationToken);
        connection.Fail(new SipTransportException(SipTransportErrorKind.ConnectionLost, "peer reset"));

        var result = await run;
        Assert.Equal(SipTransactionOutcome.TransportError, result.Outcome);
        Assert.Equal(SipTransportErrorKind.ConnectionLost, result.TransportError);
    }

    [Fact]
    public async Task A_refused_send_ends_in_a_transport_error()
    {
        var connection = new InMemorySipConnection(reliable: false, _time)
        {
            SendFailure = new SipTransportException(SipTransportErrorKind.Refused, "refused"),
        };
        var result = await new NonInviteClientTransaction(connection, Options(), time: _time).RunAsync(null, TestContext.Current.CancellationToken);
        Assert.Equal(SipTransportErrorKind.Refused, result.TransportError);
    }

    [Fact]
    public async Task Garbage_on_a_stream_ends_in_a_parse_error()
    {
        var connection = new InMemorySipConnection(reliable: true, _time);
        var run = new NonInviteClientTransaction(connection, Options("TCP"), time: _time).RunAsync(null, TestContext.Current.CancellationToken);
        connection.Deliver("HTTP/1.1 400 Bad Request\r\n\r\n");

        var result = await run;
        Assert.Equal(SipTransactionOutcome.ParseError, result.Outcome);
        Assert.NotNull(result.ParseError);
    }

    [Fact]
    public async Task Garbage_over_UDP_is_ignored_but_reported_if_nothing_better_arrives()
    {
        var connection = new InMemorySipConnection(reliable: false, _time);
        var run = new NonInviteClientTransaction(connection, Options(), time: _time).RunAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        connection.Deliver("\u0001\u0002 not sip\r\n\r\n");
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (connection.ReceiveCalls < 2)
            {
                await Task.Delay(1, wait.Token);
            }
        }

        _time.Advance(TimeSpan.FromSeconds(2));

        var result = await run;
        Assert.Equal(SipTransactionOutcome.ParseError, result.Outcome);
    }

    [Fact]
    public async Task Cancellation_propagates()
    {
        var connection = new InMemorySipConnection(reliable: true, _time);
        using var cancel = new CancellationTokenSource();
        var run = new NonInviteClientTransaction(connection, Options("TCP"), time: _time).RunAsync(null, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
