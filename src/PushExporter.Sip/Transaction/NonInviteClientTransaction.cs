using System.Globalization;
using System.Text;
using PushExporter.Sip.Message;
using PushExporter.Sip.Tracing;
using PushExporter.Sip.Transport;

namespace PushExporter.Sip.Transaction;

/// <summary>
/// The non-INVITE client transaction of RFC 3261 §17.1.2 as an explicit state machine:
/// Trying → Proceeding → Completed → Terminated. Over UDP Timer E retransmits (T1 doubling
/// to T2); Timer F ends the transaction after 64·T1 or at the probe deadline, whichever
/// comes first. A response counts only if its top Via branch and CSeq method (all §17.1.3 asks)
/// and its Call-ID, CSeq number and From tag are the request's: a monitor must not be fooled by
/// an answer to another request. Anything else is traced and ignored, up to
/// <see cref="MaxAbsorbedMessages"/> messages in all. All time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class NonInviteClientTransaction
{
    /// <summary>
    /// The most messages a transaction absorbs that are not its final response: provisional
    /// responses, messages of other transactions, unparsable datagrams. One more ends it as
    /// <see cref="SipTransactionOutcome.TooManyMessages"/>, so that a flooding peer costs a bounded
    /// amount of parsing and tracing instead of a core for the whole timeout. An honest peer sends
    /// one 100 Trying, and over UDP at most one more per retransmission (eleven in Timer F's 32 s).
    /// </summary>
    public const int MaxAbsorbedMessages = 64;

    // A peer that sends 1xx forever must not grow memory: keep the first few, count the rest.
    private const int MaxProvisionalKept = 8;

    // The bytes of an unparsable message the trace shows.
    private const int MaxPrintable = 2048;

    private const string RetransmissionPrefix = "(retransmission) ";

    private readonly ISipConnection _connection;
    private readonly byte[] _wire;
    private readonly string _branch;
    private readonly string _callId;
    private readonly CSeqHeader _cseq;
    private readonly string _fromTag;
    private readonly SipTimerOptions _timers;
    private readonly TimeProvider _time;
    private readonly ProbeTrace? _trace;
    private readonly Lock _gate = new();
    private readonly List<SipResponse> _provisional = [];
    private readonly TaskCompletionSource<SipTransactionResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NonInviteTransactionState _state = NonInviteTransactionState.Trying;
    private TimeSpan _timerEInterval;
    private long _sentAt;
    private int _retransmissions;
    private int _provisionalCount;
    private int _strays;
    private int _unparsable;
    private SipParseError? _lastDatagramError;

    // The transmission the round trip counts from: the last one before the first response arrived.
    private TimeSpan? _answeredSendAt;
    private bool _started;
    private ITimer? _timerE;
    private ITimer? _timerF;

    public NonInviteClientTransaction(ISipConnection connection, SipRequest request, SipTimerOptions? timers = null, TimeProvider? time = null, ProbeTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        _connection = connection;
        _branch = request.TopViaBranch ?? throw new ArgumentException("the request has no Via branch", nameof(request));
        _callId = request.CallId ?? throw new ArgumentException("the request has no Call-ID", nameof(request));
        _cseq = request.CSeq ?? throw new ArgumentException("the request has no CSeq", nameof(request));
        _fromTag = request.FromTag ?? throw new ArgumentException("the request has no From tag", nameof(request));
        _wire = SipMessageWriter.ToBytes(request);
        _timers = timers ?? SipTimerOptions.Default;
        _time = time ?? TimeProvider.System;
        _trace = trace;
    }

    /// <summary>The current state.</summary>
    public NonInviteTransactionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>
    /// Sends the request and waits for the final response. Ends with
    /// <see cref="SipTransactionOutcome.Timeout"/> when Timer F fires or
    /// <paramref name="deadline"/> (time from now) passes first; throws only
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<SipTransactionResult> RunAsync(TimeSpan? deadline, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_started)
            {
                throw new InvalidOperationException("a transaction runs once");
            }

            _started = true;
        }

        var timerF = deadline is { } d && d < _timers.TimerF ? d : _timers.TimerF;
        if (timerF < TimeSpan.Zero)
        {
            timerF = TimeSpan.Zero;
        }

        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _sentAt = _time.GetTimestamp();

        // The read is pending before the request leaves, so that the answer is stamped as it arrives,
        // not when a thread gets round to a first read, and the read's first-use costs come before the send.
        var receiveLoop = ReceiveLoopAsync(receiving.Token);
        ITimer? timerE = null;
        try
        {
            try
            {
                await SendAsync(retransmission: false, cancellationToken).ConfigureAwait(false);
            }
            catch (SipTransportException exception)
            {
                Finish(TransportFailed(exception));
                return await _done.Task.ConfigureAwait(false);
            }

            await using var timerFHandle = _time.CreateTimer(_ => OnTimerF(timerF), null, timerF, Timeout.InfiniteTimeSpan);
            lock (_gate)
            {
                _timerF = timerFHandle;
            }

            if (!_connection.IsReliable)
            {
                // RFC 3261 §17.1.2.2: over an unreliable transport Timer E starts at T1.
                _timerEInterval = _timers.T1;
                timerE = _time.CreateTimer(_ => OnTimerE(cancellationToken), null, _timerEInterval, Timeout.InfiniteTimeSpan);
                lock (_gate)
                {
                    _timerE = timerE;
                }
            }

            return await _done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _state = NonInviteTransactionState.Terminated;
                _timerE = null;
            }

            if (timerE is not null)
            {
                await timerE.DisposeAsync().ConfigureAwait(false);
            }

            await receiving.CancelAsync().ConfigureAwait(false);
            await receiveLoop.ConfigureAwait(false);
        }
    }

    private async Task SendAsync(bool retransmission, CancellationToken cancellationToken)
    {
        if (retransmission)
        {
            _trace?.Add(TraceEntryKind.SipSent, RetransmissionPrefix.Length + _wire.Length, _wire, static wire => RetransmissionPrefix + Encoding.UTF8.GetString(wire));
        }
        else
        {
            _trace?.Add(TraceEntryKind.SipSent, _wire.Length, _wire, static wire => Encoding.UTF8.GetString(wire));
        }

        await _connection.SendAsync(_wire, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!_done.Task.IsCompleted)
            {
                var received = await _connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                OnReceived(received);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The transaction is over; nothing more to read.
        }
        catch (SipTransportException exception)
        {
            Finish(TransportFailed(exception));
        }
        catch (ObjectDisposedException)
        {
            Finish(Ended(SipTransactionOutcome.TransportError, "the connection was closed while a response was awaited") with
            {
                TransportError = SipTransportErrorKind.ConnectionLost,
            });
        }
    }

    private void OnReceived(SipReceiveResult received)
    {
        if (received.Message is null)
        {
            var error = received.Error!;
            _trace?.Add(
                TraceEntryKind.Warning,
                64 + error.Message.Length + Math.Min(received.Raw.Length, MaxPrintable),
                (error, received.Raw),
                static s => $"unparsable message ({s.error.Kind}: {s.error.Message}):\n{Printable(s.Raw.Span)}");
            if (_connection.IsReliable)
            {
                // A stream that lost its framing cannot be read further.
                Finish(Ended(SipTransactionOutcome.ParseError, $"the peer sent an unparsable message: {error.Message}") with { ParseError = error });
                return;
            }

            lock (_gate)
            {
                _lastDatagramError = error;
                _unparsable++;
            }

            EndIfFlooded();
            return;
        }

        _trace?.Add(TraceEntryKind.SipReceived, received.Raw.Length, received.Raw, static raw => Encoding.UTF8.GetString(raw.Span));
        var response = received.Message as SipResponse;
        var differs = response is null ? null : Mismatch(response);
        if (response is null || differs is not null)
        {
            // RFC 3261 §17.1.3: a response that matches no transaction is discarded.
            lock (_gate)
            {
                _strays++;
            }

            if (differs is null)
            {
                _trace?.Add(TraceEntryKind.Warning, "ignored: a request, not a response");
            }
            else
            {
                _trace?.Add(TraceEntryKind.Warning, 64, differs, static d => $"ignored: not a response to this transaction ({d} differs)");
            }

            EndIfFlooded();
            return;
        }

        SipTransactionResult? result = null;
        lock (_gate)
        {
            // A response proves a transmission got through by now; later retransmissions are absorbed
            // by the server transaction (RFC 3261 §17.2.2) and do not restart the peer's work.
            _answeredSendAt ??= received.LastSentAt;
            switch (_state)
            {
                case NonInviteTransactionState.Trying or NonInviteTransactionState.Proceeding when response.IsProvisional:
                    _state = NonInviteTransactionState.Proceeding;
                    _provisionalCount++;
                    if (_provisional.Count < MaxProvisionalKept)
                    {
                        _provisional.Add(response);
                    }

                    break;
                case NonInviteTransactionState.Trying or NonInviteTransactionState.Proceeding:
                    _state = NonInviteTransactionState.Completed;
                    var elapsed = _time.GetElapsedTime(_sentAt);
                    result = new SipTransactionResult
                    {
                        Outcome = SipTransactionOutcome.FinalResponse,
                        FinalResponse = response,

                        // Stamped by the transport, at the socket call and on the bytes' arrival: the parsing and
                        // this code's own first-use costs stay out of it.
                        RoundTrip = _answeredSendAt is { } sentAt ? TimeSpan.FromTicks(Math.Max(0, (received.ReceivedAt - sentAt).Ticks)) : null,
                        Elapsed = elapsed,
                        ProvisionalResponses = [.. _provisional],
                        Retransmissions = _retransmissions,
                        StrayMessages = _strays,
                    };
                    break;
            }
        }

        if (result is not null)
        {
            Finish(result);
        }
        else if (response.IsProvisional)
        {
            EndIfFlooded();
        }
    }

    // Which of the request's identifiers the response does not carry, or null when it answers this request.
    private string? Mismatch(SipResponse response)
    {
        if (!string.Equals(response.TopViaBranch, _branch, StringComparison.Ordinal))
        {
            return "Via branch";
        }

        if (response.CSeq is not { } cseq)
        {
            return "CSeq";
        }

        if (!string.Equals(cseq.Method, _cseq.Method, StringComparison.OrdinalIgnoreCase))
        {
            return "CSeq method";
        }

        if (cseq.Number != _cseq.Number)
        {
            return "CSeq number";
        }

        // RFC 3261 §8.1.1.4: Call-IDs are compared byte by byte.
        if (!string.Equals(response.CallId, _callId, StringComparison.Ordinal))
        {
            return "Call-ID";
        }

        return string.Equals(response.FromTag, _fromTag, StringComparison.Ordinal) ? null : "From tag";
    }

    private void EndIfFlooded()
    {
        int provisional, strays, unparsable;
        lock (_gate)
        {
            (provisional, strays, unparsable) = (_provisionalCount, _strays, _unparsable);
        }

        var absorbed = provisional + strays + unparsable;
        if (absorbed > MaxAbsorbedMessages)
        {
            Finish(Ended(
                SipTransactionOutcome.TooManyMessages,
                string.Create(CultureInfo.InvariantCulture, $"the peer flooded the transaction: {absorbed} messages without a final response ({provisional} provisional, {strays} of other transactions, {unparsable} unparsable) in {_time.GetElapsedTime(_sentAt).TotalSeconds:0.###} s")));
        }
    }

    private void OnTimerE(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state is not (NonInviteTransactionState.Trying or NonInviteTransactionState.Proceeding) || _timerE is null)
            {
                return;
            }

            // RFC 3261 §17.1.2.2: in Trying, Timer E doubles up to T2; in Proceeding it is T2.
            _timerEInterval = _state == NonInviteTransactionState.Trying
                ? TimeSpan.FromTicks(Math.Min(_timerEInterval.Ticks * 2, _timers.T2.Ticks))
                : _timers.T2;
            _retransmissions++;
            _timerE.Change(_timerEInterval, Timeout.InfiniteTimeSpan);
        }

        _ = RetransmitAsync(cancellationToken);
    }

    private async Task RetransmitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(retransmission: true, cancellationToken).ConfigureAwait(false);
        }
        catch (SipTransportException exception)
        {
            Finish(TransportFailed(exception));
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            // Cancelled or already finished: the transaction's outcome is decided elsewhere.
        }
    }

    private void OnTimerF(TimeSpan timeout)
    {
        SipParseError? parseError;
        lock (_gate)
        {
            if (_state is not (NonInviteTransactionState.Trying or NonInviteTransactionState.Proceeding))
            {
                return;
            }

            // System timers count whole milliseconds of a coarser clock than the timestamps and can fire
            // up to a millisecond early: re-arm for the rest, so a timeout never reports less than it waited.
            var early = timeout - _time.GetElapsedTime(_sentAt);
            if (early > TimeSpan.Zero && _timerF is not null)
            {
                _timerF.Change(early, Timeout.InfiniteTimeSpan);
                return;
            }

            parseError = _lastDatagramError;
        }

        var waited = string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.###} s");
        Finish(parseError is null
            ? Ended(SipTransactionOutcome.Timeout, Provisionals().Count > 0 ? $"no final response within {waited} (provisional responses only)" : $"no response within {waited}")
            : Ended(SipTransactionOutcome.ParseError, $"no usable response within {waited}; the peer sent an unparsable message: {parseError.Message}") with { ParseError = parseError });
    }

    private SipTransactionResult TransportFailed(SipTransportException exception) =>
        Ended(SipTransactionOutcome.TransportError, exception.Message) with { TransportError = exception.Kind };

    // A transaction that ended without a final response, with what it absorbed on the way.
    private SipTransactionResult Ended(SipTransactionOutcome outcome, string error) => new()
    {
        Outcome = outcome,
        Error = error,
        Elapsed = _time.GetElapsedTime(_sentAt),
        ProvisionalResponses = Provisionals(),
        Retransmissions = _retransmissions,
        StrayMessages = _strays,
    };

    private List<SipResponse> Provisionals()
    {
        lock (_gate)
        {
            return [.. _provisional];
        }
    }

    private void Finish(SipTransactionResult result)
    {
        lock (_gate)
        {
            if (_state != NonInviteTransactionState.Completed)
            {
                _state = NonInviteTransactionState.Terminated;
            }
        }

        _done.TrySetResult(result);
    }

    private static string Printable(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(Math.Min(raw.Length, MaxPrintable));
        foreach (var b in raw[..Math.Min(raw.Length, MaxPrintable)])
        {
            text.Append(b is (>= 0x20 and < 0x7f) or (byte)'\r' or (byte)'\n' or (byte)'\t' ? (char)b : '.');
        }

        return text.ToString();
    }
}
