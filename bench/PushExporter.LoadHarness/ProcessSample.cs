using System.Globalization;

namespace PushExporter.LoadHarness;

/// <summary>
/// What /proc says about one process at one moment: CPU time (user + system, from
/// <c>/proc/PID/stat</c>) and resident memory (<c>VmRSS</c>, and the peak <c>VmHWM</c>, from
/// <c>/proc/PID/status</c>). Process time, not wall time: the machine is shared.
/// </summary>
internal readonly record struct ProcessSample(double CpuSeconds, long RssKb, long PeakRssKb)
{
    // USER_HZ: the unit of utime/stime, 100 on every Linux ABI .NET runs on.
    private const double ClockTicksPerSecond = 100;

    public static ProcessSample Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Field 2 (comm) may contain spaces: count fields after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 (utime, stime) are the 12th and 13th after comm.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line);
            }
        }

        return new ProcessSample(ticks / ClockTicksPerSecond, rss, hwm);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
