using System.Diagnostics;
using System.Globalization;

namespace PushExporter.LoadHarness;

/// <summary>
/// /probe side by side with Debian's blackbox_exporter, as issue 12 measures it: each round starts
/// both exporters fresh (which goes first alternates), reads the time to ready and the idle RSS,
/// then drives <see cref="HarnessOptions.CompareRequests"/> /probe requests at
/// <see cref="HarnessOptions.Concurrency"/> against the same Kamailio TCP port. CPU is utime+stime
/// from the process's start: over the first <see cref="HarnessOptions.CompareCold"/> requests (the
/// cold phase) and over all of them (the long phase). Peak RSS is VmHWM at the end.
/// </summary>
internal sealed class ProbeComparison(HarnessOptions options, Func<Task<ChildExporter>> startPush, Func<Task<ChildExporter>> startBlackbox, string pushPath, string blackboxPath)
{
    public async Task RunAsync()
    {
        var cold = Math.Min(options.CompareCold, options.CompareRequests);
        Console.WriteLine(Invariant($"### /probe side by side (fresh processes; {cold:N0} requests cold from start, {options.CompareRequests:N0} in all; concurrency {options.Concurrency}; same Kamailio TCP port)"));
        Console.WriteLine();
        Console.WriteLine(Invariant($"| round | exporter | ready | idle RSS ({options.CompareIdle} s) | CPU s / 1,000, first {cold:N0} | CPU s / 1,000, all {options.CompareRequests:N0} | probes/s (wall) | failed | peak RSS |"));
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        var push = new List<Measured>();
        var blackbox = new List<Measured>();
        for (var round = 1; round <= options.CompareRounds; round++)
        {
            var order = round % 2 == 1
                ? new[] { (startPush, pushPath, push), (startBlackbox, blackboxPath, blackbox) }
                : [(startBlackbox, blackboxPath, blackbox), (startPush, pushPath, push)];
            foreach (var (start, path, list) in order)
            {
                var measured = await MeasureAsync(start, path, cold);
                list.Add(measured);
                Console.WriteLine(Invariant($"| {round} | {measured.Name} | {measured.ReadyMs:F1} ms | {LoadRun.Mb(measured.IdleRssKb)} | {measured.ColdCpuPerThousand:F3} | {measured.LongCpuPerThousand:F3} | {measured.ProbesPerSecond:F0} | {measured.Failed} | {LoadRun.Mb(measured.PeakRssKb)} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"Medians over {options.CompareRounds} rounds (ratio = pushexporter / blackbox_exporter):"));
        Console.WriteLine();
        Console.WriteLine("| | blackbox_exporter | pushexporter | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        Row($"CPU s / 1,000 probes, first {cold:N0} from start", m => m.ColdCpuPerThousand, "F3");
        Row($"CPU s / 1,000 probes, all {options.CompareRequests:N0} from start", m => m.LongCpuPerThousand, "F3");
        Row($"idle RSS MB ({options.CompareIdle} s after ready)", m => m.IdleRssKb / 1024.0, "F1");
        Row("peak RSS MB (VmHWM)", m => m.PeakRssKb / 1024.0, "F1");
        Row("ready ms (start to first good /-/ready)", m => m.ReadyMs, "F1");
        Console.WriteLine();

        void Row(string what, Func<Measured, double> value, string format)
        {
            var b = LoadRun.Median(blackbox.Select(value));
            var p = LoadRun.Median(push.Select(value));
            Console.WriteLine(Invariant($"| {what} | {b.ToString(format, CultureInfo.InvariantCulture)} | {p.ToString(format, CultureInfo.InvariantCulture)} | {p / b:F2} |"));
        }
    }

    private async Task<Measured> MeasureAsync(Func<Task<ChildExporter>> start, string path, int cold)
    {
        await using var exporter = await start();
        await Task.Delay(TimeSpan.FromSeconds(options.CompareIdle));
        var idle = exporter.Sample();
        var clock = Stopwatch.StartNew();
        var failed = await DriveAsync(exporter, path, cold);
        var afterCold = exporter.Sample();
        failed += await DriveAsync(exporter, path, options.CompareRequests - cold);
        var wall = clock.Elapsed.TotalSeconds;
        var end = exporter.Sample();
        return new Measured(
            exporter.Name,
            exporter.ReadyAfter.TotalMilliseconds,
            idle.RssKb,
            cold > 0 ? afterCold.CpuSeconds / cold * 1000 : double.NaN,
            end.CpuSeconds / options.CompareRequests * 1000,
            options.CompareRequests / wall,
            failed,
            end.PeakRssKb);
    }

    // Sends count requests, concurrency at a time; returns how many did not report probe_success 1.
    private async Task<int> DriveAsync(ChildExporter exporter, string path, int count)
    {
        var next = -1;
        var failed = 0;
        var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var (body, _) = await exporter.GetAsync(path);
                if (Exposition.Sum(body, "probe_success") != 1)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        });
        await Task.WhenAll(workers);
        return failed;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Measured(string Name, double ReadyMs, long IdleRssKb, double ColdCpuPerThousand, double LongCpuPerThousand, double ProbesPerSecond, int Failed, long PeakRssKb);
}
