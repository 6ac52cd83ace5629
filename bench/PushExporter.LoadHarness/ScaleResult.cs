using System.Globalization;

namespace PushExporter.LoadHarness;

/// <summary>One measured window at one target count.</summary>
internal sealed record ScaleResult(
    double ProbesPerSecond,
    double ExpectedPerSecond,
    double Failures,
    double CpuPerThousand,
    double Cores,
    double EdgeCores,
    long PeakRssKb,
    long EndRssKb,
    double ScrapeMedianMs,
    double ScrapeMinMs,
    double ScrapeMaxMs,
    long ScrapeBytes,
    double ScrapeCpuMs,
    double GzipMedianMs,
    long GzipBytes)
{
    public static ScaleResult Median(IReadOnlyList<ScaleResult> runs) => new(
        LoadRun.Median(runs.Select(r => r.ProbesPerSecond)),
        runs[0].ExpectedPerSecond,
        LoadRun.Median(runs.Select(r => r.Failures)),
        LoadRun.Median(runs.Select(r => r.CpuPerThousand)),
        LoadRun.Median(runs.Select(r => r.Cores)),
        LoadRun.Median(runs.Select(r => r.EdgeCores)),
        (long)LoadRun.Median(runs.Select(r => (double)r.PeakRssKb)),
        (long)LoadRun.Median(runs.Select(r => (double)r.EndRssKb)),
        LoadRun.Median(runs.Select(r => r.ScrapeMedianMs)),
        runs.Min(r => r.ScrapeMinMs),
        runs.Max(r => r.ScrapeMaxMs),
        runs[^1].ScrapeBytes,
        LoadRun.Median(runs.Select(r => r.ScrapeCpuMs)),
        LoadRun.Median(runs.Select(r => r.GzipMedianMs)),
        runs[^1].GzipBytes);

    public string Row(int targets, string run) => string.Create(CultureInfo.InvariantCulture,
        $"| {targets:N0} | {run} | {ProbesPerSecond:F1} ({ExpectedPerSecond:F0}) | {Failures:F0} | {CpuPerThousand:F3} | {Cores:F3} | {EdgeCores:F3} | {LoadRun.Mb(PeakRssKb)} | {LoadRun.Mb(EndRssKb)} | {ScrapeMedianMs:F1} ms ({ScrapeMinMs:F1}–{ScrapeMaxMs:F1}) | {ScrapeCpuMs:F0} | {ScrapeBytes / 1024.0:F0} KiB | {GzipMedianMs:F1} ms | {GzipBytes / 1024.0:F0} KiB |");
}
