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

/// <summary>
/// The fleet's schedule: one Edge at a time fails, the others succeed. The failing Edge walks
/// through <see cref="Rotation"/>, one scenario per period, then the next Edge takes its turn.
/// </summary>
internal static class DemoScenarios
{
    public static IReadOnlyList<DemoScenario> All { get; } = Enum.GetValues<DemoScenario>();

    /// <summary>
    /// Every scenario but success: every reason of the contract, <c>federation_denied</c> in each of
    /// its four ways, and the unreadable export. That one comes first, so that the Edge's push route
    /// then fails without a break for the rest of its turn (long enough for a <c>for: 2m</c> alert).
    /// </summary>
    public static IReadOnlyList<DemoScenario> Rotation { get; } =
        [DemoScenario.ExportUnreadable, .. All.Where(s => s is not (DemoScenario.Success or DemoScenario.ExportUnreadable))];

    /// <summary>What <paramref name="target"/> of <paramref name="targets"/> does at <paramref name="now"/>.</summary>
    public static DemoScenario At(int target, int targets, DateTimeOffset now, TimeSpan period)
    {
        var step = now.ToUnixTimeMilliseconds() / (long)period.TotalMilliseconds;
        var failing = (int)(step / Rotation.Count % targets);
        return target == failing ? Rotation[(int)(step % Rotation.Count)] : DemoScenario.Success;
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
