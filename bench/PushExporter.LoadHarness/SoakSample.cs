using System.Globalization;

namespace PushExporter.LoadHarness;

/// <summary>One sample of the soak: the exporter's process figures, its /metrics scrape, and what it probed since the last sample.</summary>
internal sealed record SoakSample(
    double ElapsedSeconds,
    double RssMb,
    double CpuCores,
    double MetricsMs,
    int MetricsBytes,
    double ProbesPerSecond,
    IReadOnlyDictionary<string, double> FailuresByReason,
    int HealthyFailing,
    int Threads,
    int OpenFds,
    int Targets,
    double KamailioCores,
    double HarnessCores,
    string Reload)
{
    public static string CsvHeader(IEnumerable<string> reasons) =>
        "elapsed_s,rss_mb,cpu_cores,metrics_ms,metrics_bytes,probes_per_s,"
        + string.Concat(reasons.Select(r => $"failures_{r},"))
        + "healthy_failing,threads,open_fds,targets,kamailio_cores,harness_cores,reload";

    public string CsvRow(IEnumerable<string> reasons) => string.Create(CultureInfo.InvariantCulture,
        $"{ElapsedSeconds:F1},{RssMb:F1},{CpuCores:F3},{MetricsMs:F1},{MetricsBytes},{ProbesPerSecond:F1},")
        + string.Concat(reasons.Select(r => string.Create(CultureInfo.InvariantCulture, $"{FailuresByReason.GetValueOrDefault(r):F0},")))
        + string.Create(CultureInfo.InvariantCulture, $"{HealthyFailing},{Threads},{OpenFds},{Targets},{KamailioCores:F3},{HarnessCores:F3},{Reload}");
}
