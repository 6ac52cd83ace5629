using PushExporter.Probing;
using PushExporter.Steps;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Probing;

internal static class TestResults
{
    public static ProbeResult Success(string target, DateTimeOffset at) => new()
    {
        Target = target,
        TargetFqdn = $"{target}.contoso.test",
        Module = "push_route",
        StartedAt = at,
        FinishedAt = at,
        Duration = TimeSpan.FromMilliseconds(12),
        Phases = new Dictionary<ProbeStep, TimeSpan> { [ProbeStep.Sip] = TimeSpan.FromMilliseconds(10) },
        Checks = CheckLabels.All.ToDictionary(c => c, c => c == CheckLabels.PushRoute ? CheckStatus.Passed : CheckStatus.NotRun),
        SipStatusCode = 200,
        SipRoundTrip = TimeSpan.FromMilliseconds(10),
        Diagnosis = "works",
        Trace = string.Empty,
    };

    public static ProbeResult Failure(string target, DateTimeOffset at, string reason) => Success(target, at) with
    {
        Failure = new ProbeFailure(reason, CheckLabels.PushRoute, "failed", null, "fix it"),
        SipStatusCode = 504,
    };
}
