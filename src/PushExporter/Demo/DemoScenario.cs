using PushExporter.Vocabulary;

namespace PushExporter.Demo;

/// <summary>What the simulated world does to one target at one moment: succeed, or produce one reason.</summary>
internal enum DemoScenario
{
    Success,
    ServerTimeout,
    Rejected,
    BadUri,
    MissingSrv,
    BlockedPrefix,
    FederationDenied,
    DnsError,
    ConnectFailed,
    TlsFailed,
    Timeout,
    UnexpectedResponse,
}

/// <summary>The rotation: each demo target walks through every scenario, each target at its own offset.</summary>
internal static class DemoScenarios
{
    public static IReadOnlyList<DemoScenario> All { get; } = Enum.GetValues<DemoScenario>();

    public static DemoScenario At(int target, DateTimeOffset now, TimeSpan period)
    {
        var step = now.ToUnixTimeMilliseconds() / (long)period.TotalMilliseconds;
        return All[(int)((step + target * 3) % All.Count)];
    }

    /// <summary>The reason the exporter should report for a scenario (null: success).</summary>
    public static string? Reason(DemoScenario scenario) => scenario switch
    {
        DemoScenario.Success => null,
        DemoScenario.ServerTimeout => FailureReasons.ServerTimeout,
        DemoScenario.Rejected => FailureReasons.Rejected,
        DemoScenario.BadUri => FailureReasons.BadUri,
        DemoScenario.MissingSrv => FailureReasons.MissingSrv,
        DemoScenario.BlockedPrefix => FailureReasons.BlockedPrefix,
        DemoScenario.FederationDenied => FailureReasons.FederationDenied,
        DemoScenario.DnsError => FailureReasons.DnsError,
        DemoScenario.ConnectFailed => FailureReasons.ConnectFailed,
        DemoScenario.TlsFailed => FailureReasons.TlsFailed,
        DemoScenario.Timeout => FailureReasons.Timeout,
        _ => FailureReasons.UnexpectedResponse,
    };
}
