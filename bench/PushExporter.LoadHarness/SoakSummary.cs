using System.Globalization;

namespace PushExporter.LoadHarness;

/// <summary>
/// The soak's verdict: the medians of the first and the last window of samples, and the maximum
/// over the run, for RSS, CPU and /metrics latency (and, shown but not judged, threads, open file
/// descriptors and the page's size). Flat when each judged figure's last median is at most its
/// tolerance above the first.
/// </summary>
internal sealed class SoakSummary(SoakOptions options, IReadOnlyList<SoakSample> samples)
{
    private readonly List<SoakSample> _first = [.. samples.Where(s => s.ElapsedSeconds <= options.EffectiveWindow.TotalSeconds)];
    private readonly List<SoakSample> _last = [.. samples.Where(s => s.ElapsedSeconds > samples[^1].ElapsedSeconds - options.EffectiveWindow.TotalSeconds)];

    public bool Flat => Judged().All(row => row.Within);

    public void Print(TextWriter output)
    {
        var window = options.EffectiveWindow.TotalMinutes;
        output.WriteLine(Invariant($"| figure | first {window:0.#} min, median | last {window:0.#} min, median | change | max | tolerance | |"));
        output.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in Judged())
        {
            output.WriteLine(Invariant($"| {row.Name} | {Figure(row.First)} | {Figure(row.Last)} | {Change(row.First, row.Last)} | {Figure(row.Max)} | +{row.Tolerance:F0} % | {(row.Within ? "flat" : "**grew**")} |"));
        }

        foreach (var (name, select) in Shown())
        {
            var (first, last, max) = Figures(select);
            output.WriteLine(Invariant($"| {name} | {Figure(first)} | {Figure(last)} | {Change(first, last)} | {Figure(max)} | | |"));
        }

        output.WriteLine();
        output.WriteLine(Invariant($"Samples: {samples.Count} ({_first.Count} in the first window, {_last.Count} in the last)."));
        output.WriteLine(Flat ? "Verdict: flat" : "Verdict: NOT flat");
    }

    private IEnumerable<(string Name, double First, double Last, double Max, double Tolerance, bool Within)> Judged()
    {
        foreach (var (name, select, tolerance) in new (string, Func<SoakSample, double>, double)[]
        {
            ("RSS (MB)", s => s.RssMb, options.RssTolerancePercent),
            ("exporter CPU (cores)", s => s.CpuCores, options.CpuTolerancePercent),
            ("/metrics latency (ms)", s => s.MetricsMs, options.LatencyTolerancePercent),
        })
        {
            var (first, last, max) = Figures(select);
            yield return (name, first, last, max, tolerance, last <= first * (1 + (tolerance / 100)));
        }
    }

    private static IEnumerable<(string Name, Func<SoakSample, double> Select)> Shown() =>
    [
        ("threads", s => s.Threads),
        ("open file descriptors", s => s.OpenFds),
        ("/metrics size (KiB)", s => s.MetricsBytes / 1024.0),
        ("probes/s", s => s.ProbesPerSecond),
        ("Kamailio CPU (cores)", s => s.KamailioCores),
        ("harness CPU (cores)", s => s.HarnessCores),
    ];

    private (double First, double Last, double Max) Figures(Func<SoakSample, double> select) =>
        (LoadRun.Median(_first.Select(select)), LoadRun.Median(_last.Select(select)), samples.Max(select));

    // Cores are fractions of one: three decimals below 10; megabytes, milliseconds and counts: one.
    private static string Figure(double value) => Math.Abs(value) < 10 ? Invariant($"{value:F3}") : Invariant($"{value:F1}");

    private static string Change(double first, double last) => Invariant($"{(last - first) / first * 100:+0.0;-0.0;0.0} %");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
