using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace PushExporter.Metrics;

/// <summary>
/// The standard <c>process_*</c> metrics every Prometheus exporter has (the names of the Go and
/// prometheus-net clients), so that restarts, CPU, memory and file descriptors of the exporter
/// itself are visible. The .NET runtime's own metrics come from its <c>System.Runtime</c> meter.
/// </summary>
internal sealed class ProcessMetrics : IDisposable
{
    public const string MeterName = "PushExporter.Process";

    private readonly Meter _meter = new(MeterName);

    public ProcessMetrics()
    {
        using var self = Process.GetCurrentProcess();
        var started = new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        _meter.CreateObservableCounter("process_cpu_seconds_total", () => Environment.CpuUsage.TotalTime.TotalSeconds, description: "Total user and system CPU time spent in seconds.");
        _meter.CreateObservableGauge("process_resident_memory_bytes", () => Environment.WorkingSet, description: "Resident memory size in bytes.");
        _meter.CreateObservableGauge("process_virtual_memory_bytes", VirtualMemory, description: "Virtual memory size in bytes.");
        _meter.CreateObservableGauge("process_start_time_seconds", () => started, description: "Start time of the process since unix epoch in seconds.");
        if (OperatingSystem.IsLinux())
        {
            var maxFds = MaxOpenFiles();
            _meter.CreateObservableGauge("process_open_fds", () => Directory.EnumerateFileSystemEntries("/proc/self/fd").Count(), description: "Number of open file descriptors.");
            if (maxFds is { } max)
            {
                _meter.CreateObservableGauge("process_max_fds", () => max, description: "Maximum number of open file descriptors.");
            }
        }
    }

    public void Dispose() => _meter.Dispose();

    private static long VirtualMemory()
    {
        using var self = Process.GetCurrentProcess();
        return self.VirtualMemorySize64;
    }

    // The soft limit, as the Go client reads it from /proc/self/limits.
    private static long? MaxOpenFiles()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
