using PushExporter.Sip.Transaction;
using PushExporter.Web;

namespace PushExporter.Cli;

/// <summary>What <c>pushexporter serve</c> was asked to do.</summary>
internal sealed record ServeOptions
{
    public const string DefaultListenAddress = ":9860";

    public string ListenAddress { get; init; } = DefaultListenAddress;

    public WebConfig? WebConfig { get; init; }

    public string LogLevel { get; init; } = "info";

    public string LogFormat { get; init; } = "text";

    public SipTimerOptions SipTimers { get; init; } = SipTimerOptions.Default;

    /// <summary>Probes running at once, over all targets.</summary>
    public int MaxConcurrentProbes { get; init; } = 256;
}
