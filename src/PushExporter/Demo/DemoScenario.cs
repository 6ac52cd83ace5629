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

    /// <summary>The push notification configuration has both services off: <c>push_disabled</c>.</summary>
    PushDisabled,

    /// <summary>The Access Edge configuration does not allow federated users: <c>federation_denied</c> on <c>federation_enabled</c>.</summary>
    FederationOff,

    /// <summary>The hosting provider for sipfed.online.lync.com is disabled: <c>federation_denied</c> on <c>hosting_provider</c>.</summary>
    HostingProviderDisabled,

    /// <summary>push.lync.com is not an allowed domain: <c>federation_denied</c> on <c>allowed_domain</c>.</summary>
    AllowedDomainMissing,

    /// <summary>The IM filter export is not JSON: a success whose <c>im_filter</c> check is not run and its export reads 0.</summary>
    ExportUnreadable,
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
        DemoScenario.Success or DemoScenario.ExportUnreadable => null,
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
        DemoScenario.PushDisabled => FailureReasons.PushDisabled,
        DemoScenario.FederationOff or DemoScenario.HostingProviderDisabled or DemoScenario.AllowedDomainMissing => FailureReasons.FederationDenied,
        _ => FailureReasons.UnexpectedResponse,
    };
}
