using System.Text;

namespace PushExporter.Probing;

/// <summary>
/// When a target's probes run: every interval, at a stable offset within the interval derived
/// from the target's name (like Prometheus's scrape offsets), so targets spread evenly and a
/// restart keeps each target's slot.
/// </summary>
internal static class ProbeSchedule
{
    /// <summary>The target's offset within an interval, in [0, interval).</summary>
    public static TimeSpan Offset(string target, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(target);
        // FNV-1a: string.GetHashCode is randomized per process and would move the slot on restart.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(target))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return TimeSpan.FromTicks((long)(hash % (ulong)interval.Ticks));
    }

    /// <summary>The first slot strictly after <paramref name="now"/>.</summary>
    public static DateTimeOffset Next(string target, TimeSpan interval, DateTimeOffset now)
    {
        var offset = Offset(target, interval).Ticks;
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var slot = ((ticks - offset) / interval.Ticks + 1) * interval.Ticks + offset;
        if (slot <= ticks)
        {
            slot += interval.Ticks;
        }

        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + slot, TimeSpan.Zero);
    }
}
