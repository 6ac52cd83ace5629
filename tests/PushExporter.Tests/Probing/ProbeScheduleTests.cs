using PushExporter.Probing;

namespace PushExporter.Tests.Probing;

public sealed class ProbeScheduleTests
{
    [Fact]
    public void The_offset_is_stable_and_within_the_interval()
    {
        var interval = TimeSpan.FromSeconds(60);
        var offset = ProbeSchedule.Offset("atl-edge", interval);
        Assert.Equal(offset, ProbeSchedule.Offset("atl-edge", interval));
        Assert.InRange(offset, TimeSpan.Zero, interval - TimeSpan.FromTicks(1));
    }

    [Fact]
    public void Targets_spread_over_the_interval()
    {
        var interval = TimeSpan.FromSeconds(60);
        var offsets = Enumerable.Range(0, 600).Select(i => ProbeSchedule.Offset($"edge-{i}", interval).TotalSeconds).ToList();
        // Ten 6-second buckets, each with roughly a tenth of the targets.
        var buckets = offsets.GroupBy(o => (int)(o / 6)).Select(g => g.Count()).ToList();
        Assert.Equal(10, buckets.Count);
        Assert.All(buckets, count => Assert.InRange(count, 30, 90));
    }

    [Fact]
    public void Next_is_the_first_slot_strictly_after_now_and_slots_are_one_interval_apart()
    {
        var interval = TimeSpan.FromSeconds(30);
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var first = ProbeSchedule.Next("dfw-edge", interval, now);
        var second = ProbeSchedule.Next("dfw-edge", interval, first);
        Assert.InRange(first - now, TimeSpan.FromTicks(1), interval);
        Assert.Equal(interval, second - first);
        Assert.Equal(ProbeSchedule.Offset("dfw-edge", interval).Ticks, (first - DateTimeOffset.UnixEpoch).Ticks % interval.Ticks);
    }
}
