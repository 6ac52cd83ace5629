using System.Diagnostics;
using System.Globalization;

namespace PushExporter.LoadHarness;

/// <summary>
/// The measurements: per N, sustained probes/s, CPU seconds per 1,000 probes, peak RSS and
/// /metrics scrape time; idle RSS; the /probe comparison with the blackbox exporter; an RSS soak.
/// Prints Markdown tables to stdout, progress to stderr.
/// </summary>
internal sealed class LoadRun(HarnessOptions options, string exporter, EdgeKamailio edge)
{
    private static readonly TimeSpan _interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(5);
    private readonly string _directory = Directory.CreateTempSubdirectory("pushexporter-load-").FullName;

    /// <summary>Where <c>dotnet publish -c Release src/PushExporter</c> puts the native executable.</summary>
    public static string DefaultExporterPath()
    {
        var publish = Path.Combine("src", "PushExporter", "bin", "Release", "net10.0", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "publish", "pushexporter");
        // The repository root is where this is run from (dotnet run --project ...), or above the harness's output.
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PushExporter.sln")))
            {
                return Path.Combine(dir.FullName, publish);
            }
        }

        return publish;
    }

    public async Task RunAsync()
    {
        try
        {
            Console.WriteLine(Invariant($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average at start {LoadAverage()}"));
            Console.WriteLine(Invariant($"Kamailio on 127.0.0.1:{edge.Port} (TCP), {options.TcpChildren} TCP workers; interval {_interval.TotalSeconds} s, timeout {_timeout.TotalSeconds} s; window {options.Seconds} s after {options.Warmup} s warm-up"));
            Console.WriteLine();
            if (options.IdleSeconds > 0)
            {
                await IdleAsync();
            }

            if (options.Targets.Count > 0 && options.Seconds > 0)
            {
                await ScaleAsync();
            }

            if (options.CompareRequests > 0)
            {
                await CompareAsync();
            }

            if (options.SoakMinutes > 0)
            {
                await SoakAsync();
            }

            Console.WriteLine(Invariant($"Load average at end {LoadAverage()}"));
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task<ChildExporter> StartPushExporterAsync(int targets, TimeSpan interval)
    {
        var config = Path.Combine(_directory, Invariant($"pushexporter-{targets}.yml"));
        await File.WriteAllTextAsync(config, Configs.PushExporter(Math.Max(targets, 1), edge.Port, interval, _timeout));
        return await ChildExporter.StartPushExporterAsync(exporter, config, options.ExporterEnvironment);
    }

    private async Task IdleAsync()
    {
        Progress($"idle: one target, {options.IdleSeconds} s");
        await using var exporter = await StartPushExporterAsync(1, _interval);
        await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds));
        var sample = exporter.Sample();
        Console.WriteLine("### Idle (one target, 10 s interval)");
        Console.WriteLine();
        Console.WriteLine("| RSS after warm-up | peak RSS (VmHWM) | CPU since start |");
        Console.WriteLine("|---:|---:|---:|");
        Console.WriteLine(Invariant($"| {Mb(sample.RssKb)} | {Mb(sample.PeakRssKb)} | {sample.CpuSeconds:F2} s |"));
        Console.WriteLine();
    }

    private async Task ScaleAsync()
    {
        Console.WriteLine("### Scale (timer-driven probes, all targets on Kamailio's 200 OK TCP port)");
        Console.WriteLine();
        Console.WriteLine("| targets | run | probes/s (expected) | failed probes | exporter CPU s / 1,000 probes | exporter cores | Kamailio cores | peak RSS | RSS at end | /metrics median (min–max) | CPU ms / scrape | /metrics size | gzip /metrics median | gzip size |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var targets in options.Targets)
        {
            var results = new List<ScaleResult>();
            for (var run = 1; run <= options.Runs; run++)
            {
                var result = await ScaleOnceAsync(targets);
                results.Add(result);
                Console.WriteLine(result.Row(targets, run.ToString(CultureInfo.InvariantCulture)));
            }

            if (options.Runs > 1)
            {
                Console.WriteLine(ScaleResult.Median(results).Row(targets, "**median**"));
            }
        }

        Console.WriteLine();
    }

    private async Task<ScaleResult> ScaleOnceAsync(int targets)
    {
        Progress($"scale: {targets} targets, {options.Warmup} s warm-up + {options.Seconds} s window");
        await using var exporter = await StartPushExporterAsync(targets, _interval);
        await Task.Delay(TimeSpan.FromSeconds(options.Warmup));

        var (before, _) = await exporter.GetAsync("metrics");
        var clock = Stopwatch.StartNew();
        var cpuBefore = exporter.Sample();
        var edgeBefore = edge.CpuSeconds();
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
        var cpuAfter = exporter.Sample();
        var edgeAfter = edge.CpuSeconds();
        var (after, _) = await exporter.GetAsync("metrics");
        var wall = clock.Elapsed.TotalSeconds;

        var probes = Exposition.Sum(after, "pushexporter_probes_total") - Exposition.Sum(before, "pushexporter_probes_total");
        var failures = Exposition.Sum(after, "pushexporter_probe_failures_total") - Exposition.Sum(before, "pushexporter_probe_failures_total");
        var cpu = cpuAfter.CpuSeconds - cpuBefore.CpuSeconds;

        // Timed scrapes after the window, so that their CPU is not charged to the probes; plain
        // text first, then gzip (what Prometheus asks for).
        var scrapes = new List<double>();
        var size = 0L;
        var scrapeClock = Stopwatch.StartNew();
        var scrapeCpuBefore = exporter.Sample().CpuSeconds;
        for (var i = 0; i < options.Scrapes; i++)
        {
            var (bytes, elapsed) = await exporter.TimedScrapeAsync(gzip: false);
            scrapes.Add(elapsed.TotalMilliseconds);
            size = bytes;
            await Task.Delay(500);
        }

        var end = exporter.Sample();
        // CPU per scrape: what the scrapes added on top of the probing rate measured in the window.
        var scrapeCpu = (end.CpuSeconds - scrapeCpuBefore - (cpu / wall * scrapeClock.Elapsed.TotalSeconds)) / options.Scrapes;
        var gzipScrapes = new List<double>();
        var gzipSize = 0L;
        for (var i = 0; i < options.Scrapes; i++)
        {
            var (bytes, elapsed) = await exporter.TimedScrapeAsync(gzip: true);
            gzipScrapes.Add(elapsed.TotalMilliseconds);
            gzipSize = bytes;
            await Task.Delay(500);
        }

        return new ScaleResult(
            ProbesPerSecond: probes / wall,
            ExpectedPerSecond: targets / _interval.TotalSeconds,
            Failures: failures,
            CpuPerThousand: probes > 0 ? cpu / probes * 1000 : double.NaN,
            Cores: cpu / wall,
            EdgeCores: (edgeAfter - edgeBefore) / wall,
            PeakRssKb: end.PeakRssKb,
            EndRssKb: end.RssKb,
            ScrapeMedianMs: Median(scrapes),
            ScrapeMinMs: scrapes.Min(),
            ScrapeMaxMs: scrapes.Max(),
            ScrapeBytes: size,
            ScrapeCpuMs: scrapeCpu * 1000,
            GzipMedianMs: Median(gzipScrapes),
            GzipBytes: gzipSize);
    }

    private async Task CompareAsync()
    {
        var config = Path.Combine(_directory, "blackbox.yml");
        await File.WriteAllTextAsync(config, Configs.Blackbox(edge.Port, _timeout));
        // One configured target whose timer runs once an hour: /probe does all the work.
        Progress($"compare: {options.CompareRounds} rounds of {options.CompareRequests} /probe requests at concurrency {options.Concurrency} to each exporter, fresh processes");
        await new ProbeComparison(
            options,
            () => StartPushExporterAsync(1, TimeSpan.FromHours(1)),
            () => ChildExporter.StartBlackboxAsync(config),
            "probe?target=" + Configs.TargetName(1),
            Invariant($"probe?module=sip_options_tcp&target=127.0.0.1:{edge.Port}")).RunAsync();
    }

    private async Task SoakAsync()
    {
        Progress($"soak: {options.SoakTargets} targets for {options.SoakMinutes} min");
        await using var exporter = await StartPushExporterAsync(options.SoakTargets, _interval);
        Console.WriteLine(Invariant($"### RSS soak ({options.SoakTargets} targets, 10 s interval, {options.SoakMinutes} min; /metrics scraped every 15 s like Prometheus)"));
        Console.WriteLine();
        Console.WriteLine("| minute | RSS | peak RSS | CPU s since start | probes total |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        var clock = Stopwatch.StartNew();
        var nextReport = TimeSpan.Zero;
        while (clock.Elapsed < TimeSpan.FromMinutes(options.SoakMinutes))
        {
            var (body, _) = await exporter.GetAsync("metrics");
            if (clock.Elapsed >= nextReport)
            {
                var sample = exporter.Sample();
                Console.WriteLine(Invariant($"| {clock.Elapsed.TotalMinutes:F1} | {Mb(sample.RssKb)} | {Mb(sample.PeakRssKb)} | {sample.CpuSeconds:F1} | {Exposition.Sum(body, "pushexporter_probes_total"):F0} |"));
                nextReport += TimeSpan.FromMinutes(1);
            }

            await Task.Delay(TimeSpan.FromSeconds(15));
        }

        var last = exporter.Sample();
        Console.WriteLine(Invariant($"| {clock.Elapsed.TotalMinutes:F1} | {Mb(last.RssKb)} | {Mb(last.PeakRssKb)} | {last.CpuSeconds:F1} | |"));
        Console.WriteLine();
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    internal static string Mb(long kb) => Invariant($"{kb / 1024.0:F1} MB");

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
