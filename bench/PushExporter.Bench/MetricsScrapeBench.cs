using System.Diagnostics;
using System.Globalization;
using System.Text;
using PushExporter.Configuration;
using PushExporter.Hosting;
using PushExporter.Metrics;
using PushExporter.Probing;
using PushExporter.Steps;
using PushExporter.Vocabulary;
using PushExporter.Web;

namespace PushExporter.Bench;

/// <summary>
/// <c>/metrics</c> alone, in process: the real host (Kestrel, the OpenTelemetry SDK's Prometheus
/// middleware for the process and runtime families, the direct writer for the contract's) with N targets whose states are filled with synthetic results, so
/// the figure is the scrape and nothing else (no probe runs during it). Reports the median wall
/// time, process CPU and bytes allocated per scrape, and the garbage collections the scrapes caused.
/// </summary>
internal static class MetricsScrapeBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var targets = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var scrapes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;

        var yaml = new StringBuilder("global:\n  interval: 1h\ntargets:\n");
        for (var i = 1; i <= targets; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: edge-{i:D5}\n    access_edge_fqdn: 127.0.0.1\n    port: 1\n    transport: tcp\n");
        }

        var loaded = ConfigLoader.Parse(yaml.ToString(), "bench.yml", Path.GetTempPath());
        var config = loaded.Config ?? throw new InvalidOperationException(string.Join('\n', loaded.Errors));
        var port = PushExporter.Testing.FreePort.Tcp();
        var app = ExporterEndpoints.Map(ExporterApp.Build(new ServeOptions { ListenAddress = $"127.0.0.1:{port}", LogLevel = "error" }, null, config, TimeProvider.System));
        var store = app.Services.GetRequiredService<TargetStateStore>();
        var latency = app.Services.GetRequiredService<ProbeLatencyHistograms>();
        var now = DateTimeOffset.UtcNow;
        foreach (var target in config.Targets)
        {
            // Several probes per target, so the latency histogram has counts in a few buckets.
            for (var probe = 0; probe < 3; probe++)
            {
                var result = Synthetic(target.Name, now, probe);
                store.Record(result);
                latency.Observe(result);
            }
        }

        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var size = 0L;
            for (var i = 0; i < 10; i++)
            {
                size = (await http.GetByteArrayAsync("/metrics")).LongLength;
            }

            var text = await http.GetStringAsync("/metrics");
            var lines = text.Count(c => c == '\n');
            if (Environment.GetEnvironmentVariable("BENCH_DUMP") is { } dump)
            {
                await File.WriteAllTextAsync(dump, text);
            }
            var wall = new List<double>();
            GC.Collect();
            var gen0 = GC.CollectionCount(0);
            var gen1 = GC.CollectionCount(1);
            var gen2 = GC.CollectionCount(2);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < scrapes; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync("/metrics", HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                await body.CopyToAsync(Stream.Null);
                wall.Add(clock.Elapsed.TotalMilliseconds);
            }

            var cpuPerScrape = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / scrapes;
            var allocatedPerScrape = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)scrapes;
            wall.Sort();

            // The contract's families alone, written to nowhere: the writer's share of a scrape.
            var exposition = app.Services.GetRequiredService<MetricsExposition>();
            var writer = new List<double>();
            for (var i = 0; i < scrapes; i++)
            {
                var clock = Stopwatch.StartNew();
                await exposition.WriteAsync(Stream.Null, openMetrics: false, CancellationToken.None);
                writer.Add(clock.Elapsed.TotalMilliseconds);
            }

            writer.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{targets} targets, {lines} lines, {size / 1024.0:0} KiB; {scrapes} scrapes: median {wall[wall.Count / 2]:0.0} ms (min {wall[0]:0.0}, max {wall[^1]:0.0}), " +
                $"CPU {cpuPerScrape:0.0} ms/scrape (client included), writer alone {writer[writer.Count / 2]:0.0} ms, allocated {allocatedPerScrape / 1024 / 1024:0.00} MiB/scrape (client included), " +
                $"GCs gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}; " +
                $"RSS {Environment.WorkingSet / 1024.0 / 1024:0.0} MB, GC heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1024.0 / 1024:0.0} MB"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        return 0;
    }

    private static ProbeResult Synthetic(string target, DateTimeOffset now, int probe)
    {
        var failed = target.EndsWith('7') && probe == 2;
        var checks = CheckLabels.All.ToDictionary(c => c, c => c == CheckLabels.EdgeTls ? CheckStatus.NotRun : CheckStatus.Passed);
        if (failed)
        {
            checks[CheckLabels.PushRoute] = CheckStatus.Failed;
        }

        return new ProbeResult
        {
            Target = target,
            TargetFqdn = "127.0.0.1",
            Module = "push_route",
            StartedAt = now,
            FinishedAt = now.AddMilliseconds(2),
            Duration = TimeSpan.FromMilliseconds(2.1),
            Failure = failed ? new ProbeFailure(FailureReasons.ServerTimeout, CheckLabels.PushRoute, "504 Server time-out", null, "fix it") : null,
            Phases = new Dictionary<ProbeStep, TimeSpan>
            {
                [ProbeStep.Config] = TimeSpan.FromMicroseconds(3),
                [ProbeStep.Dns] = TimeSpan.FromMicroseconds(40),
                [ProbeStep.Connect] = TimeSpan.FromMicroseconds(300),
                [ProbeStep.Sip] = TimeSpan.FromMicroseconds(1200 + (probe * 4000)),
            },
            Checks = checks,
            SipStatusCode = failed ? 504 : 200,
            SipRoundTrip = TimeSpan.FromMicroseconds(1200 + (probe * 4000)),
            MsDiagnosticsCode = failed ? 1008 : 0,
            Diagnosis = "synthetic",
            Trace = "synthetic",
        };
    }
}
