using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using PushExporter.Configuration;
using PushExporter.Probing;
using PushExporter.Vocabulary;

namespace PushExporter.Metrics;

/// <summary>
/// The instruments of PRODUCT.md's /metrics table on one <see cref="Meter"/>, for OTLP: created
/// only when an OTLP endpoint is configured, and collected only by the OTLP exporter's reader.
/// /metrics writes the same series itself (<see cref="MetricsExposition"/>), and
/// <c>MetricsExpositionParityTests</c> holds the two to the same series and values. Everything but
/// the latency histogram is observed from <see cref="TargetStateStore"/> at collection time:
/// every reason of every target starts at 0 (so <c>increase()</c> sees the first failure),
/// and a target removed by a reload disappears. The callbacks of one scrape share one
/// snapshot of the store, so a probe finishing mid-scrape cannot show up in some series
/// and not in others. Tags are given in key order: the SDK then keeps one lookup entry per
/// series instead of one for the given order and one for the sorted order.
/// </summary>
internal sealed class ExporterMetrics : IDisposable
{
    public const string MeterName = "PushExporter";

    /// <summary>The one instrument whose view sets bucket boundaries.</summary>
    public const string LatencyHistogram = "pushexporter_probe_latency_seconds";

    // The instruments with more than one series per target (see CardinalityLimit).
    private const string PhaseDurationGauge = "pushexporter_probe_phase_duration_seconds";
    private const string FailuresCounter = "pushexporter_probe_failures_total";
    private const string ReasonGauge = "pushexporter_probe_failure_reason";
    private const string CheckGauge = "pushexporter_check_success";
    private const string ExportReadableGauge = "pushexporter_lync_export_readable";
    private const string ExportModifiedGauge = "pushexporter_lync_export_modified_timestamp_seconds";

    // The SDK runs every callback of one collection within a few milliseconds.
    private static readonly TimeSpan _snapshotLifetime = TimeSpan.FromMilliseconds(100);

    private readonly Meter _meter;
    private readonly Histogram<double> _latency;
    private readonly TargetStateStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _snapshotGate = new();
    private readonly TargetCapacity _capacity;
    private IReadOnlyList<TargetState> _snapshot = [];
    private IReadOnlyList<string>? _snapshotTargets;
    private long _snapshotTakenAt;

    public ExporterMetrics(TargetStateStore store, ConfigHolder config, TargetCapacity capacity, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(config);
        _store = store;
        _capacity = capacity;
        _time = time;
        _snapshotTakenAt = time.GetTimestamp() - (long)(_snapshotLifetime.TotalSeconds * time.TimestampFrequency) - 1;
        _meter = new Meter(MeterName, BuildInfo.Version);

        _meter.CreateObservableGauge("pushexporter_probe_success", () => Each<int>(s => s.Last is { } last ? Point(last.Success ? 1 : 0, s) : null), description: "1 if the last completed probe succeeded.");
        _meter.CreateObservableGauge("pushexporter_probe_duration_seconds", () => Each<double>(s => s.Last is { } last ? Point(last.Duration.TotalSeconds, s) : null), unit: "s", description: "The last probe's total time, all phases (the cmdlet's Latency).");
        _meter.CreateObservableGauge(PhaseDurationGauge, PhaseDurations, unit: "s", description: "Time of each phase of the last probe: config, dns, connect, tls, sip.");
        _latency = _meter.CreateHistogram<double>(LatencyHistogram, unit: "s", description: "SIP round trip of every answered probe.");
        _meter.CreateObservableCounter("pushexporter_probes_total", () => Each<long>(s => Point(s.Probes, s)), description: "Probes run.");
        _meter.CreateObservableCounter(FailuresCounter, Failures, description: "Failed probes by reason; every reason starts at 0.");
        _meter.CreateObservableGauge(ReasonGauge, Reasons, description: "1 for the last probe's failure reason, 0 for the others.");
        _meter.CreateObservableGauge("pushexporter_probe_last_run_timestamp_seconds", () => Each<double>(s => s.Last is { } last ? Point(last.FinishedAt.ToUnixTimeMilliseconds() / 1000.0, s) : null), unit: "s", description: "When the last probe finished (Unix time).");
        _meter.CreateObservableGauge("pushexporter_probe_last_success_timestamp_seconds", () => Each<double>(s => s.LastSuccess is { } at ? Point(at.ToUnixTimeMilliseconds() / 1000.0, s) : null), unit: "s", description: "When a probe last succeeded (Unix time).");
        _meter.CreateObservableGauge("pushexporter_sip_status_code", () => Each<int>(s => s.Last is { } last ? Point(last.SipStatusCode, s) : null), description: "The last final SIP status code (0: none).");
        _meter.CreateObservableGauge("pushexporter_sip_diagnostic_code", () => Each<int>(s => s.Last is { } last ? Point(last.MsDiagnosticsCode, s) : null), description: "The last ms-diagnostics code (0: none).");
        _meter.CreateObservableGauge("pushexporter_tls_certificate_expiry_timestamp_seconds", () => Each<double>(s => s.CertificateNotAfter is { } at ? Point((double)at.ToUnixTimeSeconds(), s) : null), unit: "s", description: "Earliest NotAfter in the Edge's certificate chain (Unix time); kept while later probes fail before TLS.");
        _meter.CreateObservableGauge("pushexporter_external_tls_certificate_expiry_timestamp_seconds", () => Each<double>(s => s.ExternalCertificateNotAfter is { } at ? Point((double)at.ToUnixTimeSeconds(), s) : null), unit: "s", description: "Earliest NotAfter in the chain of the Edge's external interface (Unix time), when external_tls_check is on; kept while later probes fail before it.");
        _meter.CreateObservableGauge(CheckGauge, Checks, description: "1 if the check passed in the last probe, 0 if it failed; absent if it did not run.");
        _meter.CreateObservableGauge(ExportReadableGauge, ExportsReadable, description: "1 if the Lync export was read and understood in the last probe, 0 if not (its checks did not run); absent for exports the target does not read.");
        _meter.CreateObservableGauge(ExportModifiedGauge, ExportsModified, unit: "s", description: "The Lync export file's last write time (Unix time); absent while the file does not exist.");
        _meter.CreateObservableGauge("pushexporter_target_info", () => TargetInfo(config), description: "Always 1 for every configured target; its Access Edge, site, transport and module as labels, for joins.");
        _meter.CreateObservableGauge("pushexporter_config_last_reload_successful", () => new Measurement<int>(config.LastReloadSuccessful ? 1 : 0), description: "1 if the last configuration reload succeeded.");
        _meter.CreateObservableGauge("pushexporter_config_last_reload_success_timestamp_seconds", () => new Measurement<double>(config.LastSuccessfulReload.ToUnixTimeMilliseconds() / 1000.0), unit: "s", description: "When the configuration was last loaded successfully (Unix time).");
        _meter.CreateObservableGauge("pushexporter_build_info", () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", BuildInfo.Version), new KeyValuePair<string, object?>("revision", BuildInfo.Revision)), description: "Always 1; the version and revision as labels.");
    }

    /// <summary>Collects this meter on <paramref name="meters"/>, with its bucket boundaries and cardinality limits.</summary>
    public MeterProviderBuilder AddTo(MeterProviderBuilder meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        return meters.AddMeter(MeterName)
            .AddView(instrument => instrument.Meter.Name != MeterName ? null
                : instrument.Name == LatencyHistogram ? new ExplicitBucketHistogramConfiguration { Boundaries = ProbeLatencyHistograms.Buckets, CardinalityLimit = CardinalityLimit(instrument.Name) }
                : new MetricStreamConfiguration { CardinalityLimit = CardinalityLimit(instrument.Name) });
    }

    /// <summary>
    /// The cardinality limit of one instrument: the <see cref="TargetCapacity"/> times its series
    /// per target (target_info's label sets since start are bounded by the capacity itself).
    /// </summary>
    private int CardinalityLimit(string instrument) => _capacity.Targets * instrument switch
    {
        FailuresCounter or ReasonGauge => FailureReasons.All.Count,
        CheckGauge => CheckLabels.All.Count,
        ExportReadableGauge or ExportModifiedGauge => LyncExportLabels.All.Count,
        PhaseDurationGauge => ProbeSteps.All.Count,
        _ => 1,
    };

    /// <summary>Adds the SIP round trip of an answered probe to the latency histogram.</summary>
    public void Observe(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.SipRoundTrip is { } roundTrip && result.SipStatusCode != 0)
        {
            _latency.Record(roundTrip.TotalSeconds, new KeyValuePair<string, object?>("target", result.Target));
        }
    }

    public void Dispose() => _meter.Dispose();

    private static Measurement<T> Point<T>(T value, TargetState state)
        where T : struct => new(value, new KeyValuePair<string, object?>("target", state.Target));

    private IReadOnlyList<TargetState> Snapshot()
    {
        lock (_snapshotGate)
        {
            // A reload gives the store a new target list: a snapshot of the old targets must not
            // outlive it, or a scrape soon after the reload shows them beside the new target_info.
            var targets = _store.Targets;
            if (_time.GetElapsedTime(_snapshotTakenAt) > _snapshotLifetime || !ReferenceEquals(targets, _snapshotTargets))
            {
                _snapshot = _store.All();
                _snapshotTargets = targets;
                _snapshotTakenAt = _time.GetTimestamp();
            }

            return _snapshot;
        }
    }

    private IEnumerable<Measurement<T>> Each<T>(Func<TargetState, Measurement<T>?> select)
        where T : struct
    {
        foreach (var state in Snapshot())
        {
            if (select(state) is { } point)
            {
                yield return point;
            }
        }
    }

    // One series per target of the configuration in force, probed or not; tags in key order.
    private static IEnumerable<Measurement<int>> TargetInfo(ConfigHolder config)
    {
        foreach (var target in config.Current.Targets)
        {
            var info = TargetInfoLabels.Of(target);
            yield return new Measurement<int>(
                1,
                new("access_edge_fqdn", info.AccessEdgeFqdn),
                new("module", info.Module),
                new("site", info.Site),
                new("target", info.Target),
                new("transport", info.Transport));
        }
    }

    private IEnumerable<Measurement<double>> PhaseDurations()
    {
        foreach (var state in Snapshot())
        {
            if (state.Last is not { } last)
            {
                continue;
            }

            foreach (var (phase, duration) in last.Phases)
            {
                yield return new Measurement<double>(duration.TotalSeconds, new("phase", ProbeSteps.Label(phase)), new("target", state.Target));
            }
        }
    }

    private IEnumerable<Measurement<long>> Failures()
    {
        foreach (var state in Snapshot())
        {
            foreach (var reason in FailureReasons.All)
            {
                yield return new Measurement<long>(state.Failures[reason], new("reason", reason), new("target", state.Target));
            }
        }
    }

    private IEnumerable<Measurement<int>> Reasons()
    {
        foreach (var state in Snapshot())
        {
            if (state.Last is not { } last)
            {
                continue;
            }

            foreach (var reason in FailureReasons.All)
            {
                yield return new Measurement<int>(last.Reason == reason ? 1 : 0, new("reason", reason), new("target", state.Target));
            }
        }
    }

    private IEnumerable<Measurement<int>> ExportsReadable()
    {
        foreach (var state in Snapshot())
        {
            if (state.Last is not { } last)
            {
                continue;
            }

            foreach (var (export, health) in last.Exports)
            {
                yield return new Measurement<int>(health.Readable ? 1 : 0, new("export", export), new("target", state.Target));
            }
        }
    }

    private IEnumerable<Measurement<double>> ExportsModified()
    {
        foreach (var state in Snapshot())
        {
            if (state.Last is not { } last)
            {
                continue;
            }

            foreach (var (export, health) in last.Exports)
            {
                if (health.ModifiedAt is { } at)
                {
                    yield return new Measurement<double>(at.ToUnixTimeMilliseconds() / 1000.0, new("export", export), new("target", state.Target));
                }
            }
        }
    }

    private IEnumerable<Measurement<int>> Checks()
    {
        foreach (var state in Snapshot())
        {
            if (state.Last is not { } last)
            {
                continue;
            }

            foreach (var (check, status) in last.Checks)
            {
                if (status != CheckStatus.NotRun)
                {
                    yield return new Measurement<int>(status == CheckStatus.Passed ? 1 : 0, new("check", check), new("target", state.Target));
                }
            }
        }
    }
}
