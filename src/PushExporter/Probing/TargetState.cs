using PushExporter.Vocabulary;

namespace PushExporter.Probing;

/// <summary>
/// What /metrics and the status page know about one target: its latest result and running
/// totals. Immutable: <see cref="TargetStateStore"/> swaps whole snapshots, so readers never
/// see a half-updated target.
/// </summary>
internal sealed record TargetState(
    string Target,
    ProbeResult? Last,
    DateTimeOffset? LastSuccess,
    long Probes,
    IReadOnlyDictionary<string, long> Failures)
{
    public static TargetState Empty(string target) =>
        new(target, null, null, 0, FailureReasons.All.ToDictionary(r => r, _ => 0L));

    public TargetState With(ProbeResult result)
    {
        var failures = Failures;
        if (result.Reason is { } reason)
        {
            var copy = new Dictionary<string, long>(Failures);
            copy[reason] = copy[reason] + 1;
            failures = copy;
        }

        return new TargetState(Target, result, result.Success ? result.FinishedAt : LastSuccess, Probes + 1, failures);
    }
}
