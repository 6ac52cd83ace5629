using Prometheus;
using PushExporter.Probing;
using PushExporter.Vocabulary;

namespace PushExporter.Metrics;

/// <summary>
/// Writes one /probe result in the blackbox exporter's style: a fresh prometheus-net
/// registry per request, so nothing leaks between requests or into /metrics.
/// </summary>
internal static class ProbeExposition
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static async Task WriteAsync(ProbeResult result, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);

        Gauge("probe_success", "Whether the probe succeeded.").Set(result.Success ? 1 : 0);
        Gauge("probe_duration_seconds", "How long the probe took, all phases.").Set(result.Duration.TotalSeconds);
        Gauge("probe_dns_lookup_time_seconds", "How long the DNS phase took.").Set(result.Phases.TryGetValue(ProbeStep.Dns, out var dns) ? dns.TotalSeconds : 0);
        if (result.Tls?.EarliestNotAfter is { } notAfter)
        {
            Gauge("probe_ssl_earliest_cert_expiry", "Earliest NotAfter in the Edge's certificate chain (Unix time).").Set(notAfter.ToUnixTimeSeconds());
        }

        Gauge("probe_sip_status_code", "The final SIP status code (0: none).").Set(result.SipStatusCode);
        Gauge("probe_sip_diagnostic_code", "The ms-diagnostics code of the final response (0: none).").Set(result.MsDiagnosticsCode);

        var reasons = factory.CreateGauge("probe_failure_reason", "1 for the reason this probe failed, 0 for the others.", "reason");
        foreach (var reason in FailureReasons.All)
        {
            reasons.WithLabels(reason).Set(result.Reason == reason ? 1 : 0);
        }

        var phases = factory.CreateGauge("probe_phase_duration_seconds", "Duration of each phase that ran.", "phase");
        foreach (var (phase, duration) in result.Phases)
        {
            phases.WithLabels(ProbeSteps.Label(phase)).Set(duration.TotalSeconds);
        }

        await registry.CollectAndExportAsTextAsync(output, cancellationToken).ConfigureAwait(false);

        Gauge Gauge(string name, string help) => factory.CreateGauge(name, help);
    }
}
