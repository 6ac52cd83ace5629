namespace PushExporter.Configuration;

/// <summary>The <c>global</c> section.</summary>
internal sealed record GlobalConfig
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public TimeSpan Interval { get; init; } = DefaultInterval;

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary><c>host:port</c> entries; empty means the system resolvers.</summary>
    public IReadOnlyList<string> DnsServers { get; init; } = [];

    public bool AllowAdhocTargets { get; init; }
}
