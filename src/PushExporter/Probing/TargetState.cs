using PushExporter.Vocabulary;

namespace PushExporter.Probing;

/// <summary>
/// What /metrics and the status page know about one target: its latest result and running
/// totals. Immutable: <see cref="TargetStateStore"/> swaps whole snapshots, so readers never
/// see a half-updated target.
/// </summary>
/// <remarks>
/// <see cref="CertificateNotAfter"/> is the last earliest NotAfter seen in the Edge's chain: a
/// later probe that fails before the Edge presents a certificate (in DNS, connect, or a TLS
/// handshake that ends before the certificate) keeps it, so the expiry series and its alert do
/// not come and go with an unrelated outage; a probe that gets past that point without TLS drops it.
/// </remarks>
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

        return new TargetState(Target, result, result.Success ? result.FinishedAt : LastSuccess, Probes + 1, failures)
        {
            CertificateNotAfter = Kept(result.Tls?.EarliestNotAfter, CertificateNotAfter, result, CheckLabels.EdgeTls),
            ExternalCertificateNotAfter = Kept(result.ExternalTls?.EarliestNotAfter, ExternalCertificateNotAfter, result, CheckLabels.ExternalTls),
        };
    }

    /// <summary>The earliest NotAfter in the Edge's chain, the last one seen (see remarks).</summary>
    public DateTimeOffset? CertificateNotAfter { get; init; }

    /// <summary>The same for the external interface (<c>external_tls_check</c>), kept the same way.</summary>
    public DateTimeOffset? ExternalCertificateNotAfter { get; init; }

    private static DateTimeOffset? Kept(DateTimeOffset? seen, DateTimeOffset? previous, ProbeResult result, string check)
    {
        if (seen is not null)
        {
            return seen;
        }

        // Failed at or before the check that would have seen a chain: nothing new is known.
        var failed = result.Failure?.Check;
        return failed is not null && Position(failed) <= Position(check) ? previous : null;
    }

    private static int Position(string check)
    {
        for (var i = 0; i < CheckLabels.All.Count; i++)
        {
            if (CheckLabels.All[i] == check)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(check), check, "not a check label");
    }
}
