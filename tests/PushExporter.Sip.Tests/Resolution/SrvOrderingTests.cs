using System.Diagnostics;
using CsCheck;
using PushExporter.Sip.Resolution;

namespace PushExporter.Sip.Tests.Resolution;

public sealed class SrvOrderingTests
{
    private const int Draws = 20_000;

    [Fact]
    public void Lower_priority_always_comes_first()
    {
        SrvTarget[] records = [new("c", 5061, 30, 100), new("a", 5061, 10, 0), new("b", 5061, 20, 5)];

        var ordered = SrvOrdering.Order(records, new Random(1));

        Assert.Equal(["a", "b", "c"], ordered.Select(r => r.Target));
    }

    [Fact]
    public void Within_a_priority_the_first_pick_follows_the_weights()
    {
        SrvTarget[] records = [new("heavy", 5061, 10, 60), new("light", 5061, 10, 40)];
        var random = new Random(2782);

        var heavyFirst = Enumerable.Range(0, Draws).Count(_ => SrvOrdering.Order(records, random)[0].Target == "heavy");

        // RFC 2782 draws from [0, sum], so "heavy" wins 61 or 60 of 101 draws depending on the shuffle: about 0.6.
        Assert.InRange(heavyFirst / (double)Draws, 0.58, 0.62);
    }

    [Fact]
    public void Weight_zero_is_chosen_first_only_when_the_draw_is_zero()
    {
        SrvTarget[] records = [new("zero", 5061, 10, 0), new("ten", 5061, 10, 10)];
        var random = new Random(7);

        var zeroFirst = Enumerable.Range(0, Draws).Count(_ => SrvOrdering.Order(records, random)[0].Target == "zero");

        // One draw in [0, 10] out of eleven.
        Assert.InRange(zeroFirst / (double)Draws, 0.07, 0.11);
    }

    [Fact]
    public void Records_all_of_weight_zero_share_the_first_place()
    {
        SrvTarget[] records = [new("a", 5061, 10, 0), new("b", 5061, 10, 0), new("c", 5061, 10, 0)];
        var random = new Random(11);

        var firsts = Enumerable.Range(0, 3_000).Select(_ => SrvOrdering.Order(records, random)[0].Target).CountBy(t => t).ToDictionary();

        Assert.All(["a", "b", "c"], t => Assert.InRange(firsts.GetValueOrDefault(t), 900, 1100));
    }

    [Fact]
    public void Ordering_is_a_permutation_sorted_by_priority()
    {
        var record = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 100], Gen.Int[1, 65535], (priority, weight, port) => new SrvTarget($"h{port}", port, priority, weight));
        Gen.Select(record.Array[0, 12], Gen.Int).Sample((records, seed) =>
        {
            var ordered = SrvOrdering.Order(records, new Random(seed));

            Assert.Equal(records.OrderBy(r => r.Target).ThenBy(r => r.Priority).ThenBy(r => r.Weight),
                ordered.OrderBy(r => r.Target).ThenBy(r => r.Priority).ThenBy(r => r.Weight));
            Assert.Equal(ordered.Select(r => r.Priority).Order(), ordered.Select(r => r.Priority));
        });
    }

    [Fact]
    public void A_hundred_thousand_records_of_one_priority_are_ordered_in_well_under_a_second()
    {
        var build = new Random(15);
        var records = Enumerable.Range(0, 100_000).Select(i => new SrvTarget($"edge{i}", 5061, 10, build.Next(0, 101))).ToArray();
        var clock = Stopwatch.StartNew();

        var ordered = SrvOrdering.Order(records, new Random(2782));

        // The quadratic ordering before issue 15 took 50 s for this on a loaded machine; O(n log n) takes milliseconds.
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal(records.Length, ordered.Select(r => r.Target).Distinct().Count());
    }
}
