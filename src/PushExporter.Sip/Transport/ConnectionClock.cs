namespace PushExporter.Sip.Transport;

/// <summary>
/// A connection's own timeline: time since it was opened. Sends and receipts are stamped on it
/// (<see cref="ISipConnection.SendAsync"/>, <see cref="SipReceiveResult.ReceivedAt"/>) so that a
/// round trip is the difference of two stamps, whatever clock the caller uses for its timers.
/// </summary>
internal sealed class ConnectionClock(TimeProvider clock)
{
    private readonly long _opened = clock.GetTimestamp();

    public TimeSpan Now => clock.GetElapsedTime(_opened);
}
