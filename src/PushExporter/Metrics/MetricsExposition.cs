using System.Collections.Frozen;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using PushExporter.Configuration;
using PushExporter.Probing;
using PushExporter.Vocabulary;

namespace PushExporter.Metrics;

/// <summary>
/// The <c>pushexporter_*</c> families of /metrics, written as UTF-8 straight from the target
/// states, the configuration and the latency histograms: the OpenTelemetry SDK's collection (a
/// lookup per series per scrape) and its serializer took three quarters of a scrape's time
/// (docs/benchmarks.md). The text is the SDK's Prometheus exporter's, byte for byte: families in
/// ordinal order, TYPE before HELP, labels in key order, <c>{}</c> on series without labels, the
/// same number formats; in OpenMetrics also UNIT lines, counter families named without
/// <c>_total</c> and <c>_created</c> series. <c>MetricsExpositionParityTests</c> holds the two
/// to the same series and values. A family without series is left out, as the SDK does. All
/// families of one scrape come from one snapshot of the store. Each target's name is escaped
/// and encoded once, not once per series: a target has about sixty series.
/// </summary>
internal sealed class MetricsExposition
{
    private static readonly Family _buildInfoFamily = new("pushexporter_build_info", Kind.Gauge, false, "Always 1; the version and revision as labels.");
    private static readonly Family _checkSuccess = new("pushexporter_check_success", Kind.Gauge, false, "1 if the check passed in the last probe, 0 if it failed; absent if it did not run.");
    private static readonly Family _reloadTimestamp = new("pushexporter_config_last_reload_success_timestamp_seconds", Kind.Gauge, true, "When the configuration was last loaded successfully (Unix time).");
    private static readonly Family _reloadSuccessful = new("pushexporter_config_last_reload_successful", Kind.Gauge, false, "1 if the last configuration reload succeeded.");
    private static readonly Family _externalTlsExpiry = new("pushexporter_external_tls_certificate_expiry_timestamp_seconds", Kind.Gauge, true, "Earliest NotAfter in the chain of the Edge's external interface (Unix time), when external_tls_check is on; kept while later probes fail before it.");
    private static readonly Family _exportModified = new("pushexporter_lync_export_modified_timestamp_seconds", Kind.Gauge, true, "The Lync export file's last write time (Unix time); absent while the file does not exist.");
    private static readonly Family _exportReadable = new("pushexporter_lync_export_readable", Kind.Gauge, false, "1 if the Lync export was read and understood in the last probe, 0 if not (its checks did not run); absent for exports the target does not read.");
    private static readonly Family _duration = new("pushexporter_probe_duration_seconds", Kind.Gauge, true, "The last probe's total time, all phases (the cmdlet's Latency).");
    private static readonly Family _reasonGauge = new("pushexporter_probe_failure_reason", Kind.Gauge, false, "1 for the last probe's failure reason, 0 for the others.");
    private static readonly Family _failuresCounter = new("pushexporter_probe_failures_total", Kind.Counter, false, "Failed probes by reason; every reason starts at 0.");
    private static readonly Family _lastRun = new("pushexporter_probe_last_run_timestamp_seconds", Kind.Gauge, true, "When the last probe finished (Unix time).");
    private static readonly Family _lastSuccess = new("pushexporter_probe_last_success_timestamp_seconds", Kind.Gauge, true, "When a probe last succeeded (Unix time).");
    private static readonly Family _latencyFamily = new("pushexporter_probe_latency_seconds", Kind.Histogram, true, "SIP round trip of every answered probe.");
    private static readonly Family _phaseDuration = new("pushexporter_probe_phase_duration_seconds", Kind.Gauge, true, "Time of each phase of the last probe: config, dns, connect, tls, sip.");
    private static readonly Family _success = new("pushexporter_probe_success", Kind.Gauge, false, "1 if the last completed probe succeeded.");
    private static readonly Family _probesCounter = new("pushexporter_probes_total", Kind.Counter, false, "Probes run.");
    private static readonly Family _diagnosticCode = new("pushexporter_sip_diagnostic_code", Kind.Gauge, false, "The last ms-diagnostics code (0: none).");
    private static readonly Family _statusCode = new("pushexporter_sip_status_code", Kind.Gauge, false, "The last final SIP status code (0: none).");
    private static readonly Family _targetInfo = new("pushexporter_target_info", Kind.Gauge, false, "Always 1 for every configured target; its Access Edge, site, transport and module as labels, for joins.");
    private static readonly Family _tlsExpiry = new("pushexporter_tls_certificate_expiry_timestamp_seconds", Kind.Gauge, true, "Earliest NotAfter in the Edge's certificate chain (Unix time); kept while later probes fail before TLS.");

    // What every target's samples start with, made once; each ends with the target label's name.
    private static readonly Head[] _reasonHeads = Heads(_reasonGauge, FailureReasons.All, "reason");
    private static readonly Head[] _failureHeads = Heads(_failuresCounter, FailureReasons.All, "reason");
    private static readonly Head[] _phaseHeads = Heads(_phaseDuration, [.. Enum.GetValues<ProbeStep>().Select(ProbeSteps.Label)], "phase");
    private static readonly FrozenDictionary<string, Head> _checkHeads = CheckLabels.All.Zip(Heads(_checkSuccess, CheckLabels.All, "check")).ToFrozenDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
    private static readonly Head _bucketHead = ExpositionWriter.HeadOf(_latencyFamily, "_bucket"u8, "target=\"");
    private static readonly Head _sumHead = ExpositionWriter.HeadOf(_latencyFamily, "_sum"u8, "target=\"");
    private static readonly Head _countHead = ExpositionWriter.HeadOf(_latencyFamily, "_count"u8, "target=\"");

    private readonly TargetStateStore _store;
    private readonly ConfigHolder _config;
    private readonly ProbeLatencyHistograms _latency;
    private readonly double _createdAt;
    // A target's escaped UTF-8 label value, by the configuration's own name string (held as long as it is).
    private readonly ConditionalWeakTable<string, byte[]> _targetLabels = [];
    private readonly Func<string, byte[]> _label;

    // createdAt: the start of the counters and histograms (their OpenMetrics _created samples).
    public MetricsExposition(TargetStateStore store, ConfigHolder config, ProbeLatencyHistograms latency, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(latency);
        _store = store;
        _config = config;
        _latency = latency;
        _createdAt = (createdAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond;
        _label = target => _targetLabels.GetValue(target, ExpositionWriter.Escape);
    }

    /// <summary>Writes every family to <paramref name="output"/>; no <c># EOF</c> (the caller ends the whole exposition).</summary>
    public async Task WriteAsync(Stream output, bool openMetrics, CancellationToken cancellationToken)
    {
        var pipe = PipeWriter.Create(output, new StreamPipeWriterOptions(leaveOpen: true));
        await WriteAsync(pipe, openMetrics, cancellationToken).ConfigureAwait(false);
        await pipe.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Writes every family to <paramref name="output"/> and flushes it; no <c># EOF</c>.</summary>
    public async Task WriteAsync(PipeWriter output, bool openMetrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var rows = new TargetRows(_store.All(), _label);
        var w = new ExpositionWriter(output, openMetrics, _createdAt);

        w.Begin(_buildInfoFamily);
        w.Open();
        w.Label("revision=\""u8, BuildInfo.Revision);
        w.Label(",version=\""u8, BuildInfo.Version);
        w.End(1L);

        await EachAsync(w, _checkSuccess, rows, WriteChecks, cancellationToken).ConfigureAwait(false);

        w.Begin(_reloadTimestamp);
        w.Open();
        w.End(_config.LastSuccessfulReload.ToUnixTimeMilliseconds() / 1000.0);
        w.Begin(_reloadSuccessful);
        w.Open();
        w.End(_config.LastReloadSuccessful ? 1L : 0L);

        await PerTargetAsync(w, _externalTlsExpiry, rows, TargetRows.Field.ExternalTlsExpiry, cancellationToken).ConfigureAwait(false);
        await EachAsync(w, _exportModified, rows, static (w, rows, row) => WriteExports(w, rows, row, modified: true), cancellationToken).ConfigureAwait(false);
        await EachAsync(w, _exportReadable, rows, static (w, rows, row) => WriteExports(w, rows, row, modified: false), cancellationToken).ConfigureAwait(false);
        await PerTargetAsync(w, _duration, rows, TargetRows.Field.Duration, cancellationToken).ConfigureAwait(false);
        await EachAsync(w, _reasonGauge, rows, WriteReasons, cancellationToken).ConfigureAwait(false);
        await EachAsync(w, _failuresCounter, rows, WriteFailures, cancellationToken).ConfigureAwait(false);
        await PerTargetAsync(w, _lastRun, rows, TargetRows.Field.LastRun, cancellationToken).ConfigureAwait(false);
        await PerTargetAsync(w, _lastSuccess, rows, TargetRows.Field.LastSuccess, cancellationToken).ConfigureAwait(false);

        w.Begin(_latencyFamily);
        foreach (var series in _latency.All())
        {
            WriteHistogram(w, series, _label(series.Target));
            await w.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }

        await EachAsync(w, _phaseDuration, rows, WritePhases, cancellationToken).ConfigureAwait(false);
        await PerTargetAsync(w, _success, rows, TargetRows.Field.Success, cancellationToken).ConfigureAwait(false);

        w.Begin(_probesCounter);
        for (var row = 0; row < rows.Count; row++)
        {
            w.Open(_probesCounter.TargetHead);
            w.Quoted(rows.Target(row));
            w.End(rows.Probes(row));
            await w.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }

        await PerTargetAsync(w, _diagnosticCode, rows, TargetRows.Field.DiagnosticCode, cancellationToken).ConfigureAwait(false);
        await PerTargetAsync(w, _statusCode, rows, TargetRows.Field.StatusCode, cancellationToken).ConfigureAwait(false);

        w.Begin(_targetInfo);
        foreach (var target in _config.Current.Targets)
        {
            var info = TargetInfoLabels.Of(target);
            w.Open();
            w.Label("access_edge_fqdn=\""u8, info.AccessEdgeFqdn);
            w.Label(",module=\""u8, info.Module);
            w.Label(",site=\""u8, info.Site);
            w.RawLabel(",target=\""u8, _label(info.Target));
            w.Label(",transport=\""u8, info.Transport);
            w.End(1L);
            await w.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }

        await PerTargetAsync(w, _tlsExpiry, rows, TargetRows.Field.TlsExpiry, cancellationToken).ConfigureAwait(false);
        await w.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task EachAsync(ExpositionWriter w, Family family, TargetRows rows, Action<ExpositionWriter, TargetRows, int> write, CancellationToken cancellationToken)
    {
        w.Begin(family);
        for (var row = 0; row < rows.Count; row++)
        {
            write(w, rows, row);
            await w.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // One series per target, labelled with the target alone; none for a target that lacks the value.
    private static async Task PerTargetAsync(ExpositionWriter w, Family family, TargetRows rows, TargetRows.Field field, CancellationToken cancellationToken)
    {
        w.Begin(family);
        for (var row = 0; row < rows.Count; row++)
        {
            if (rows.TryGet(row, field, out var value))
            {
                w.Open(family.TargetHead);
                w.Quoted(rows.Target(row));
                w.End(value);
                await w.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void WriteChecks(ExpositionWriter w, TargetRows rows, int row)
    {
        if (rows.Reason(row) == TargetRows.NotProbed)
        {
            return;
        }

        var target = rows.Target(row);
        foreach (var (check, status) in rows.State(row).Last!.Checks)
        {
            if (status != CheckStatus.NotRun)
            {
                if (_checkHeads.TryGetValue(check, out var head))
                {
                    w.Open(head);
                    w.Quoted(target);
                }
                else
                {
                    w.Open();
                    w.Label("check=\""u8, check);
                    w.RawLabel(",target=\""u8, target);
                }

                w.End(status == CheckStatus.Passed ? 1L : 0L);
            }
        }
    }

    private static void WriteExports(ExpositionWriter w, TargetRows rows, int row, bool modified)
    {
        if (!rows.HasExports(row))
        {
            return;
        }

        var target = rows.Target(row);
        foreach (var (export, health) in rows.State(row).Last!.Exports)
        {
            if (!modified)
            {
                w.Open();
                w.Label("export=\""u8, export);
                w.RawLabel(",target=\""u8, target);
                w.End(health.Readable ? 1L : 0L);
            }
            else if (health.ModifiedAt is { } at)
            {
                w.Open();
                w.Label("export=\""u8, export);
                w.RawLabel(",target=\""u8, target);
                w.End(at.ToUnixTimeMilliseconds() / 1000.0);
            }
        }
    }

    private static void WriteReasons(ExpositionWriter w, TargetRows rows, int row)
    {
        var last = rows.Reason(row);
        if (last == TargetRows.NotProbed)
        {
            return;
        }

        var target = rows.Target(row);
        for (var reason = 0; reason < _reasonHeads.Length; reason++)
        {
            w.Open(_reasonHeads[reason]);
            w.Quoted(target);
            w.End(last == reason ? 1L : 0L);
        }
    }

    private static void WriteFailures(ExpositionWriter w, TargetRows rows, int row)
    {
        var target = rows.Target(row);
        for (var reason = 0; reason < _failureHeads.Length; reason++)
        {
            w.Open(_failureHeads[reason]);
            w.Quoted(target);
            w.End(rows.Failures(row, reason));
        }
    }

    private static void WritePhases(ExpositionWriter w, TargetRows rows, int row)
    {
        if (rows.Reason(row) == TargetRows.NotProbed)
        {
            return;
        }

        var target = rows.Target(row);
        foreach (var (phase, duration) in rows.State(row).Last!.Phases)
        {
            w.Open(_phaseHeads[(int)phase]);
            w.Quoted(target);
            w.End(duration.TotalSeconds);
        }
    }

    private static void WriteHistogram(ExpositionWriter w, ProbeLatencyHistograms.Series series, byte[] target)
    {
        Span<long> counts = stackalloc long[ProbeLatencyHistograms.Buckets.Length + 1];
        var (sum, count) = series.Read(counts);
        var cumulative = 0L;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += counts[i];
            w.Open(_bucketHead);
            w.Quoted(target);
            w.RawLabel(",le=\""u8, w.BucketBound(i));
            w.End(cumulative);
        }

        w.Open(_sumHead);
        w.Quoted(target);
        w.End(sum);
        w.Open(_countHead);
        w.Quoted(target);
        w.End(count);
        w.Created();
    }

    // One head per value of the first label: name{label="value",target="
    private static Head[] Heads(Family family, IReadOnlyList<string> values, string label) =>
        [.. values.Select(value => ExpositionWriter.HeadOf(family, default, $"{label}=\"{ExpositionWriter.EscapedText(value)}\",target=\""))];

    internal enum Kind
    {
        Gauge,
        Counter,
        Histogram,
    }

    /// <summary>One family's name and its metadata lines in both formats, made once.</summary>
    internal sealed class Family
    {
        public Family(string name, Kind kind, bool seconds, string help)
        {
            Kind = kind;
            Name = Encoding.UTF8.GetBytes(name);
            var type = kind switch
            {
                Kind.Counter => "counter",
                Kind.Histogram => "histogram",
                _ => "gauge",
            };

            // OpenMetrics names a counter's family without the _total of its samples.
            var metadataName = kind == Kind.Counter ? name[..^"_total".Length] : name;
            BaseName = Encoding.UTF8.GetBytes(metadataName);
            TextMetadata = Encoding.UTF8.GetBytes($"# TYPE {name} {type}\n# HELP {name} {help}\n");
            OpenMetricsMetadata = Encoding.UTF8.GetBytes(
                $"# TYPE {metadataName} {type}\n" + (seconds ? $"# UNIT {metadataName} seconds\n" : string.Empty) + $"# HELP {metadataName} {help}\n");
            TargetHead = ExpositionWriter.HeadOf(this, default, "target=\"");
        }

        /// <summary>The start of a sample labelled with the target alone.</summary>
        public Head TargetHead { get; }

        public Kind Kind { get; }

        /// <summary>The samples' name (a counter's with <c>_total</c>, a histogram's without its suffixes).</summary>
        public byte[] Name { get; }

        /// <summary>The name the <c>_created</c> samples add to.</summary>
        public byte[] BaseName { get; }

        public byte[] TextMetadata { get; }

        public byte[] OpenMetricsMetadata { get; }
    }
}
