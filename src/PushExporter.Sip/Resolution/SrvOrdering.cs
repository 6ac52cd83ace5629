namespace PushExporter.Sip.Resolution;

/// <summary>The order in which a client tries SRV targets (RFC 2782, "Usage rules").</summary>
public static class SrvOrdering
{
    /// <summary>
    /// Lowest priority first; within one priority, repeated weighted random selection, where a
    /// record of weight 0 is chosen only when the draw lands on it exactly (RFC 2782 puts them
    /// first in the running sum), so it comes last unless it is alone or very lucky.
    /// </summary>
    public static IReadOnlyList<SrvTarget> Order(IEnumerable<SrvTarget> records, Random random)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(random);
        var ordered = new List<SrvTarget>();
        foreach (var group in records.GroupBy(r => r.Priority).OrderBy(g => g.Key))
        {
            // "Any order" for the rest of the list: shuffled, so equal records share load evenly.
            var candidates = group.ToArray();
            random.Shuffle(candidates);
            var remaining = candidates.OrderBy(r => r.Weight > 0).ToList();
            while (remaining.Count > 0)
            {
                var total = remaining.Sum(r => (long)Math.Max(0, r.Weight));
                var draw = random.NextInt64(0, total + 1);
                var running = 0L;
                var chosen = remaining.Count - 1;
                for (var i = 0; i < remaining.Count; i++)
                {
                    running += Math.Max(0, remaining[i].Weight);
                    if (running >= draw)
                    {
                        chosen = i;
                        break;
                    }
                }

                ordered.Add(remaining[chosen]);
                remaining.RemoveAt(chosen);
            }
        }

        return ordered;
    }
}
