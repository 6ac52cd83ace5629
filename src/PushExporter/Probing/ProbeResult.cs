using PushExporter.Sip.Transport;
using PushExporter.Steps;
using PushExporter.Vocabulary;

namespace PushExporter.Probing;

/// <summary>Everything one probe of one target produced; immutable once built.</summary>
internal sealed record ProbeResult
{
    /// <summary>The <c>target</c> label value.</summary>
    public required string Target { get; init; }

    /// <summary>The Access Edge probed (the cmdlet's TargetFqdn).</summary>
    public required string TargetFqdn { get; init; }

    public required string Module { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>The whole probe, all phases (the cmdlet's Latency).</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Null when the probe succeeded.</summary>
    public ProbeFailure? Failure { get; init; }

    public bool Success => Failure is null;

    public string? Reason => Failure?.Reason;

    /// <summary>The time each phase that ran took; phases that did not run are absent.</summary>
    public required IReadOnlyDictionary<ProbeStep, TimeSpan> Phases { get; init; }

    /// <summary>Every check of <see cref="CheckLabels.All"/> with its status.</summary>
    public required IReadOnlyDictionary<string, CheckStatus> Checks { get; init; }

    /// <summary>The Lync exports the target reads, by <c>export</c> label (<see cref="LyncExportLabels.All"/>); absent when it has no such file.</summary>
    public IReadOnlyDictionary<string, LyncExportHealth> Exports { get; init; } = new Dictionary<string, LyncExportHealth>();

    /// <summary>The final SIP status code, 0 when none arrived.</summary>
    public int SipStatusCode { get; init; }

    /// <summary>The final response's status line, when one arrived.</summary>
    public string? SipStatusLine { get; init; }

    /// <summary>The ms-diagnostics code of the final response, 0 when none.</summary>
    public int MsDiagnosticsCode { get; init; }

    /// <summary>The ms-diagnostics (or ms-diagnostics-public) header as received.</summary>
    public string? MsDiagnostics { get; init; }

    /// <summary>The SIP round trip of an answered probe.</summary>
    public TimeSpan? SipRoundTrip { get; init; }

    /// <summary>The TLS session, when a handshake was attempted.</summary>
    public TlsSessionInfo? Tls { get; init; }

    /// <summary>The external interface's TLS session, when <c>external_tls_check</c> attempted one.</summary>
    public TlsSessionInfo? ExternalTls { get; init; }

    /// <summary>
    /// A human-readable account: the failing check, the evidence, what it means. Given as text, or
    /// made by <see cref="DiagnosisFormatter"/> when first read, like <see cref="Trace"/>.
    /// </summary>
    public string Diagnosis
    {
        get => _diagnosis ??= _diagnosisFormatter?.Invoke(this) ?? string.Empty;
        init => _diagnosis = value;
    }

    /// <summary>Makes <see cref="Diagnosis"/> from this result on its first read.</summary>
    public Func<ProbeResult, string> DiagnosisFormatter
    {
        init => _diagnosisFormatter = value;
    }

    /// <summary>The administrator's fix, null on success.</summary>
    public string? Fix => Failure?.Fix;

    /// <summary>
    /// The full trace as text: DNS answers, TLS details, SIP messages both ways. Given as text, or
    /// made by <see cref="TraceFormatter"/> when first read: most probes' traces are never read
    /// (a /probe without debug=true), and formatting each one was a measurable part of a probe's CPU.
    /// </summary>
    public string Trace
    {
        // Two threads reading it first may both format it: the same text, one of them kept.
        get => _trace ??= _traceFormatter?.Invoke() ?? string.Empty;
        init => _trace = value;
    }

    /// <summary>Makes <see cref="Trace"/> on its first read (see there).</summary>
    public Func<string> TraceFormatter
    {
        init => _traceFormatter = value;
    }

    private string? _diagnosis;
    private Func<ProbeResult, string>? _diagnosisFormatter;
    private string? _trace;
    private Func<string>? _traceFormatter;
}
