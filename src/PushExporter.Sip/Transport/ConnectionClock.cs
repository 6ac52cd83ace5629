namespace PushExporter.Sip.Transport;

/// <summary>
/// A connection's own timeline (time since it was opened), on which it stamps the moment it
/// hands bytes to its socket and the moment bytes arrive (<see cref="SipReceiveResult"/>), so
/// that a round trip is the difference of two stamps, whatever clock the caller's timers use.
/// </summary>
internal sealed class ConnectionClock(TimeProvider clock)
{
    private const long Never = -1;

    private readonly long _opened = clock.GetTimestamp();
    private long _lastSentTicks = Never;

    public TimeSpan Now => clock.GetElapsedTime(_opened);

    /// <summary>The last send's stamp; read on receipt, it is the last send before the bytes arrived.</summary>
    public TimeSpan? LastSent => Volatile.Read(ref _lastSentTicks) is var ticks and not Never ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>Called just before bytes go to the socket: an answer to them can only arrive later.</summary>
    public void Sending() => Volatile.Write(ref _lastSentTicks, Now.Ticks);
}
