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
/// comes first. Responses are matched by the top Via branch and the CSeq method (§17.1.3);
/// anything else is traced and ignored. All time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class NonInviteClientTransaction
{
    // A peer that sends 1xx forever must not grow memory: keep the first few, count the rest.
    private const int MaxProvisionalKept = 8;

    private readonly ISipConnection _connection;
    private readonly SipRequest _request;
    private readonly byte[] _wire;
    private readonly string _branch;
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
    private int _strays;
    private SipParseError? _lastDatagramError;
    private bool _started;
    private ITimer? _timerE;
    private ITimer? _timerF;

    public NonInviteClientTransaction(ISipConnection connection, SipRequest request, SipTimerOptions? timers = null, TimeProvider? time = null, ProbeTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        _connection = connection;
        _request = request;
        _branch = request.TopViaBranch ?? throw new ArgumentException("the request has no Via branch", nameof(request));
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

        ITimer? timerE = null;
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

        var receiveLoop = ReceiveLoopAsync(receiving.Token);
        try
        {
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
        if (_trace is not null)
        {
            _trace.Add(TraceEntryKind.SipSent, (retransmission ? "(retransmission) " : string.Empty) + Encoding.UTF8.GetString(_wire));
        }

        await _connection.SendAsync(_wire, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
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
            _trace?.Add(TraceEntryKind.Warning, $"unparsable message ({error.Kind}: {error.Message}):\n{Printable(received.Raw.Span)}");
            if (_connection.IsReliable)
            {
                // A stream that lost its framing cannot be read further.
                Finish(Ended(SipTransactionOutcome.ParseError, $"the peer sent an unparsable message: {error.Message}") with { ParseError = error });
            }
            else
            {
                lock (_gate)
                {
                    _lastDatagramError = error;
                }
            }

            return;
        }

        _trace?.Add(TraceEntryKind.SipReceived, Encoding.UTF8.GetString(received.Raw.Span));
        if (received.Message is not SipResponse response
            || !string.Equals(response.TopViaBranch, _branch, StringComparison.Ordinal)
            || !string.Equals(response.CSeq?.Method, _request.Method, StringComparison.OrdinalIgnoreCase))
        {
            // RFC 3261 §17.1.3: a response that matches no transaction is discarded.
            lock (_gate)
            {
                _strays++;
            }

            _trace?.Add(TraceEntryKind.Warning, "ignored: not a response to this transaction (branch or CSeq method differs)");
            return;
        }

        SipTransactionResult? result = null;
        lock (_gate)
        {
            switch (_state)
            {
                case NonInviteTransactionState.Trying or NonInviteTransactionState.Proceeding when response.IsProvisional:
                    _state = NonInviteTransactionState.Proceeding;
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
                        RoundTrip = elapsed,
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
        var text = new StringBuilder(Math.Min(raw.Length, 2048));
        foreach (var b in raw[..Math.Min(raw.Length, 2048)])
        {
            text.Append(b is (>= 0x20 and < 0x7f) or (byte)'\r' or (byte)'\n' or (byte)'\t' ? (char)b : '.');
        }

        return text.ToString();
    }
}
