
namespace PushExporter.Monitoring.Tests;

/// <summary>
/// The metric names and failure reasons of PRODUCT.md ("Metrics on /metrics", "Failure reasons").
/// They are a fixed contract: dashboards and rules may use nothing else.
/// </summary>
public static class MetricContract
{
    public static readonly IReadOnlySet<string> ExporterMetrics = new HashSet<string>(StringComparer.Ordinal)
    {
        "pushexporter_probe_success",
        "pushexporter_probe_duration_seconds",
        "pushexporter_probe_phase_duration_seconds",
        "pushexporter_probe_latency_seconds",
        "pushexporter_probes_total",
        "pushexporter_probe_failures_total",
        "pushexporter_probe_failure_reason",
        "pushexporter_probe_last_run_timestamp_seconds",
        "pushexporter_probe_last_success_timestamp_seconds",
        "pushexporter_sip_status_code",
        "pushexporter_sip_diagnostic_code",
        "pushexporter_tls_certificate_expiry_timestamp_seconds",
        "pushexporter_external_tls_certificate_expiry_timestamp_seconds",
        "pushexporter_check_success",
        "pushexporter_lync_export_readable",
        "pushexporter_lync_export_modified_timestamp_seconds",
        "pushexporter_target_info",
        "pushexporter_config_last_reload_successful",
        "pushexporter_config_last_reload_success_timestamp_seconds",
        "pushexporter_build_info",
    };

    public static readonly IReadOnlySet<string> Histograms = new HashSet<string>(StringComparer.Ordinal)
    {
        "pushexporter_probe_latency_seconds",
    };

    /// <summary>The blackbox-compatible names that /probe serves.</summary>
    public static readonly IReadOnlySet<string> ProbeEndpointMetrics = new HashSet<string>(StringComparer.Ordinal)
    {
        "probe_success",
        "probe_duration_seconds",
        "probe_dns_lookup_time_seconds",
        "probe_ssl_earliest_cert_expiry",
        "probe_sip_status_code",
        "probe_sip_diagnostic_code",
        "probe_failure_reason",
        "probe_phase_duration_seconds",
    };

    public static readonly IReadOnlyList<string> Reasons =
    [
        "server_timeout", "rejected", "bad_uri", "missing_srv", "blocked_prefix", "federation_denied",
        "dns_error", "connect_failed", "tls_failed", "timeout", "unexpected_response", "push_disabled",
    ];

    /// <summary>The reasons with an alert of their own; unexpected_response is covered by the route-down alert.</summary>
    public static readonly IReadOnlyList<string> ActionableReasons = [.. Reasons.Where(r => r != "unexpected_response")];

    private static readonly string[] _histogramSuffixes = ["_bucket", "_sum", "_count"];

    /// <summary>Whether a series name may appear in a shipped query.</summary>
    public static bool IsKnown(string name)
    {
        if (name == "up" || ExporterMetrics.Contains(name) || ProbeEndpointMetrics.Contains(name))
        {
            return true;
        }

        return _histogramSuffixes.Any(suffix =>
            name.EndsWith(suffix, StringComparison.Ordinal) && Histograms.Contains(name[..^suffix.Length]));
    }
}
