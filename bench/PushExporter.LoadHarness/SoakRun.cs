using System.Diagnostics;
using System.Globalization;

namespace PushExporter.LoadHarness;

/// <summary>
/// The soak: Kamailio and the hostile Edges up, the exporter started on variant A, a warm-up,
/// then a sample every <see cref="SoakOptions.SampleEvery"/> and a reload every
/// <see cref="SoakOptions.ReloadEvery"/> until <see cref="SoakOptions.Duration"/>. Every reload is
/// checked (the gauge, the success timestamp, the configured target names); the exporter ending,
/// not answering /metrics, or probing nothing for two samples in a row fails the run.
/// Progress goes to stderr, the summary to stdout, every sample to the CSV file as it is taken.
/// </summary>
internal sealed class SoakRun(SoakOptions options, string exporterPath)
{
    private static readonly TimeSpan _reloadDeadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan _reloadPoll = TimeSpan.FromMilliseconds(250);

    private readonly List<SoakSample> _samples = [];
    private readonly Dictionary<string, int> _reloads = new(StringComparer.Ordinal);
    private SoakFile _inForce = SoakFile.VariantA;
    private int _mixedPages;

    public async Task<int> RunAsync()
    {
        var directory = Directory.CreateTempSubdirectory("pushexporter-soak-").FullName;
        try
        {
            return await RunInAsync(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<int> RunInAsync(string directory)
    {
        Console.WriteLine(Invariant($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}; load average at start {LoadAverage()}"));
        Console.WriteLine(Invariant($"Exporter: {Path.GetFullPath(exporterPath)} ({(exporterPath.EndsWith(".dll", StringComparison.Ordinal) ? "framework-dependent, through dotnet" : "native executable")})"));
        await using var edge = await EdgeKamailio.StartAsync(options.TcpChildren);
        await using var hostile = HostileEdges.Start(options.DripPause);
        var configs = new SoakConfigs(options, edge.Port, hostile);
        var configFile = Path.Combine(directory, "pushexporter.yml");
        await File.WriteAllTextAsync(configFile, configs.Text(SoakFile.VariantA));
        Console.WriteLine(Invariant($"Targets: variant A {configs.Names(SoakFile.VariantA).Count}, variant B {configs.Names(SoakFile.VariantB).Count}; by Edge (A): {string.Join(", ", configs.KindCounts(SoakFile.VariantA).Select(k => $"{k.Key} {k.Value}"))}"));
        Console.WriteLine(Invariant($"Kamailio 200 OK on 127.0.0.1:{edge.Port} ({options.TcpChildren} TCP workers); hostile Edges on 127.0.0.1: {string.Join(", ", HostileEdges.Kinds.Select(k => $"{k} :{hostile.Port(k)}"))}; slow drip one byte every {options.DripPause.TotalMilliseconds} ms"));
        Console.WriteLine(Invariant($"Interval {options.Interval.TotalSeconds} s, timeout {options.Timeout.TotalSeconds} s; warm-up {options.Warmup.TotalSeconds} s, then {options.Duration.TotalMinutes} min sampled every {options.SampleEvery.TotalSeconds} s, a reload every {options.ReloadEvery.TotalSeconds} s"));

        await using var exporter = await SoakExporter.StartAsync(exporterPath, configFile, options.ScrapeDeadline);
        Progress($"exporter pid {exporter.Pid} ready; warm-up {options.Warmup.TotalSeconds} s");
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < options.Warmup)
        {
            await Task.Delay(options.SampleEvery < options.Warmup - warmup.Elapsed ? options.SampleEvery : options.Warmup - warmup.Elapsed);
            await exporter.ScrapeAsync();
        }

        await using var csv = new StreamWriter(options.Csv);
        var clock = Stopwatch.StartNew();
        var previous = (Scrape: SoakScrape.Parse((await exporter.ScrapeAsync()).Body), Process: exporter.Sample().Process, Edge: edge.CpuSeconds(), Harness: Environment.CpuUsage.TotalTime.TotalSeconds, At: clock.Elapsed);
        var reasons = previous.Scrape.Reasons;
        await csv.WriteLineAsync(SoakSample.CsvHeader(reasons));
        var nextReload = options.ReloadEvery;
        var reloadNumber = 0;
        var idleSamples = 0;
        for (var due = options.SampleEvery; due <= options.Duration; due += options.SampleEvery)
        {
            var reload = "";
            if (clock.Elapsed >= nextReload)
            {
                reload = await ReloadAsync(exporter, configs, configFile, ++reloadNumber);
                nextReload += options.ReloadEvery;
            }

            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var (body, elapsed) = await exporter.ScrapeAsync();
            var (process, threads, fds) = exporter.Sample();
            var now = (Scrape: SoakScrape.Parse(body), Process: process, Edge: edge.CpuSeconds(), Harness: Environment.CpuUsage.TotalTime.TotalSeconds, At: clock.Elapsed);
            var wall = (now.At - previous.At).TotalSeconds;
            var (probes, failures) = now.Scrape.IncreaseSince(previous.Scrape);
            var healthy = configs.HealthyNames(_inForce);
            var sample = new SoakSample(
                ElapsedSeconds: now.At.TotalSeconds,
                RssMb: process.RssKb / 1024.0,
                CpuCores: (process.CpuSeconds - previous.Process.CpuSeconds) / wall,
                MetricsMs: elapsed.TotalMilliseconds,
                MetricsBytes: body.Length,
                ProbesPerSecond: probes / wall,
                FailuresByReason: failures,
                HealthyFailing: now.Scrape.Success.Count(s => s.Value == 0 && healthy.Contains(s.Key)),
                Threads: threads,
                OpenFds: fds,
                Targets: now.Scrape.Configured.Count,
                KamailioCores: (now.Edge - previous.Edge) / wall,
                HarnessCores: (now.Harness - previous.Harness) / wall,
                Reload: reload);
            _samples.Add(sample);
            await csv.WriteLineAsync(sample.CsvRow(reasons));
            await csv.FlushAsync();
            Progress(Invariant($"{sample.ElapsedSeconds / 60:F1} min: RSS {sample.RssMb:F1} MB, {sample.CpuCores:F3} cores, /metrics {sample.MetricsMs:F0} ms, {sample.ProbesPerSecond:F1} probes/s, {failures.Values.Sum():F0} failed, {sample.HealthyFailing} healthy failing, {threads} threads, {fds} fds {reload}"));

            idleSamples = probes == 0 ? idleSamples + 1 : 0;
            if (idleSamples >= 2)
            {
                throw exporter.Failure(Invariant($"no probe ran for two samples in a row ({wall:F0} s each): the scheduler stalled"));
            }

            previous = now;
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"Load average at end {LoadAverage()}"));
        PrintTotals(hostile);
        var summary = new SoakSummary(options, _samples);
        summary.Print(Console.Out);
        Console.WriteLine(Invariant($"Samples written to {Path.GetFullPath(options.Csv)}"));
        return summary.Flat ? 0 : 3;
    }

    // Writes the file, asks for a reload (SIGHUP for two reloads, then POST for two), and checks
    // that the exporter ended up where it must: the new file in force, or the last good one still.
    private async Task<string> ReloadAsync(SoakExporter exporter, SoakConfigs configs, string configFile, int number)
    {
        var file = SoakConfigs.FileForReload(number);
        var valid = file is SoakFile.VariantA or SoakFile.VariantB;
        var bySignal = (number - 1) / 2 % 2 == 0;
        var trigger = bySignal ? "SIGHUP" : "POST";
        var before = SoakScrape.Parse((await exporter.ScrapeAsync()).Body);
        await File.WriteAllTextAsync(configFile, configs.Text(file));
        if (bySignal)
        {
            await exporter.SignalHangupAsync();
        }
        else
        {
            var (status, body) = await exporter.PostReloadAsync();
            if (status != (valid ? 200 : 500))
            {
                throw exporter.Failure(Invariant($"reload {number} ({file}) by POST answered {status}, expected {(valid ? 200 : 500)}: {body}"));
            }
        }

        var expected = valid ? file : _inForce;
        var deadline = Stopwatch.StartNew();
        var mixedPages = 0;
        while (true)
        {
            var after = SoakScrape.Parse((await exporter.ScrapeAsync()).Body);
            var gaugeRight = after.LastReloadSuccessful == (valid ? 1 : 0);
            var timestampRight = valid
                ? after.LastReloadSuccessTimestamp > before.LastReloadSuccessTimestamp
                : after.LastReloadSuccessTimestamp == before.LastReloadSuccessTimestamp;
            var targetsWrong = TargetMismatch(after, configs.Names(expected));
            if (gaugeRight && timestampRight && targetsWrong is null)
            {
                break;
            }

            // A scrape that straddles the reload can show the new configuration's gauges and
            // target_info beside the old targets' series; the next scrape must be right.
            mixedPages += gaugeRight && timestampRight ? 1 : 0;
            if (deadline.Elapsed > _reloadDeadline)
            {
                throw exporter.Failure(Invariant($"reload {number} ({file} by {trigger}): after {_reloadDeadline.TotalSeconds:F0} s pushexporter_config_last_reload_successful is {after.LastReloadSuccessful}, expected {(valid ? 1 : 0)}; success timestamp {after.LastReloadSuccessTimestamp} (before {before.LastReloadSuccessTimestamp}); {targetsWrong ?? "targets right"}"));
            }

            await Task.Delay(_reloadPoll);
        }

        if (mixedPages > 0)
        {
            _mixedPages += mixedPages;
            Progress(Invariant($"reload {number}: {mixedPages} page(s) with the reload's gauges but the other configuration's targets before the right one"));
        }

        _inForce = expected;
        var label = Invariant($"{trigger} {file} {(valid ? "applied" : "refused")}");
        _reloads[label] = _reloads.GetValueOrDefault(label) + 1;
        Progress(Invariant($"reload {number}: {label}, {configs.Names(expected).Count} targets in force"));
        return label;
    }

    // What is wrong with the targets a page shows, or null when target_info and the per-target series both name exactly the expected ones.
    private static string? TargetMismatch(SoakScrape scrape, IReadOnlyList<string> expected)
    {
        foreach (var (series, names) in new[] { ("pushexporter_target_info", scrape.Configured), ("pushexporter_probes_total", scrape.Probes.Keys.ToHashSet(StringComparer.Ordinal)) })
        {
            if (!names.SetEquals(expected))
            {
                var missing = expected.Except(names, StringComparer.Ordinal).Take(5);
                var extra = names.Except(expected, StringComparer.Ordinal).Take(5);
                return Invariant($"{series} has {names.Count} targets, expected {expected.Count}; missing [{string.Join(", ", missing)}], extra [{string.Join(", ", extra)}]");
            }
        }

        return null;
    }

    private void PrintTotals(HostileEdges hostile)
    {
        var failures = _samples.SelectMany(s => s.FailuresByReason).GroupBy(f => f.Key).Select(g => $"{g.Key} {g.Sum(f => f.Value):F0}").ToList();
        var probes = _samples.Zip(_samples.Prepend(null), (s, p) => s.ProbesPerSecond * (s.ElapsedSeconds - (p?.ElapsedSeconds ?? 0))).Sum();
        Console.WriteLine(Invariant($"Probes in the sampled time: {probes:F0} (expected about {options.Targets / options.Interval.TotalSeconds * _samples[^1].ElapsedSeconds:F0}); failures by reason: {string.Join(", ", failures)}"));
        Console.WriteLine(Invariant($"Healthy targets failing in a sample: median {LoadRun.Median(_samples.Select(s => (double)s.HealthyFailing))}, max {_samples.Max(s => s.HealthyFailing)}"));
        Console.WriteLine(Invariant($"Hostile Edge connections accepted: {string.Join(", ", HostileEdges.Kinds.Select(k => $"{k} {hostile.Connections(k)}"))}"));
        Console.WriteLine(Invariant($"Reloads checked: {_reloads.Values.Sum()} ({string.Join("; ", _reloads.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"))}); pages that mixed the two configurations right after a reload: {_mixedPages}"));
        Console.WriteLine();
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
