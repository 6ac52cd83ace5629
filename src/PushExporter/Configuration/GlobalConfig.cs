namespace PushExporter.Configuration;

/// <summary>The <c>global</c> section.</summary>
internal sealed record GlobalConfig
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>/probe</c> requests served at once; one more is answered 503 at once. A probe mostly
    /// waits on the network, so this bounds sockets, memory and a hostile peer's share of the
    /// CPU rather than work in progress; Prometheus spreads its probes over the interval.
    /// </summary>
    public const int DefaultMaxConcurrentProbeRequests = 32;

    public TimeSpan Interval { get; init; } = DefaultInterval;

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary><c>host:port</c> entries; empty means the system resolvers.</summary>
    public IReadOnlyList<string> DnsServers { get; init; } = [];

    public bool AllowAdhocTargets { get; init; }

    /// <summary>Where ad hoc targets may connect, and whether their traces show what the peer sent.</summary>
    public AdhocPolicy Adhoc { get; init; } = new();

    public int MaxConcurrentProbeRequests { get; init; } = DefaultMaxConcurrentProbeRequests;
}
