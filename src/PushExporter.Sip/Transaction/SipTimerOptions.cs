namespace PushExporter.Sip.Transaction;

/// <summary>The RFC 3261 §17.1.2.2 timer values (table 4).</summary>
public sealed record SipTimerOptions
{
    /// <summary>The defaults of RFC 3261: T1 = 500 ms, T2 = 4 s.</summary>
    public static SipTimerOptions Default { get; } = new();

    /// <summary>The round-trip estimate; Timer E starts at T1.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest retransmission interval for non-INVITE requests.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Timer F: the transaction times out after 64·T1.</summary>
    public TimeSpan TimerF => T1 * 64;
}
