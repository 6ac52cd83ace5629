namespace PushExporter.Sip.Resolution;

/// <summary>The order in which a client tries SRV targets (RFC 2782, "Usage rules").</summary>
public static class SrvOrdering
{
    /// <summary>
    /// Lowest priority first; within one priority, repeated weighted random selection, where a
    /// record of weight 0 is chosen only when the draw lands on it exactly (RFC 2782 puts them
    /// first in the running sum), so it comes last unless it is alone or very lucky.
    /// O(n log n): a sort by priority, then per draw a search in a Fenwick tree of the weights.
    /// </summary>
    public static IReadOnlyList<SrvTarget> Order(IEnumerable<SrvTarget> records, Random random)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(random);
        var sorted = records.ToArray();
        Array.Sort(sorted, static (a, b) => a.Priority.CompareTo(b.Priority));
        var ordered = new SrvTarget[sorted.Length];
        var start = 0;
        while (start < sorted.Length)
        {
            var end = start + 1;
            while (end < sorted.Length && sorted[end].Priority == sorted[start].Priority)
            {
                end++;
            }

            OrderPriority(sorted.AsSpan(start, end - start), random, ordered.AsSpan(start));
            start = end;
        }

        return ordered;
    }

    private static void OrderPriority(Span<SrvTarget> group, Random random, Span<SrvTarget> destination)
    {
        // "Any order" for the rest of the list: shuffled, so equal records share load evenly; then weight 0 first, as RFC 2782 asks.
        random.Shuffle(group);
        var candidates = new SrvTarget[group.Length];
        var next = 0;
        foreach (var record in group)
        {
            if (record.Weight <= 0)
            {
                candidates[next++] = record;
            }
        }

        foreach (var record in group)
        {
            if (record.Weight > 0)
            {
                candidates[next++] = record;
            }
        }

        var weights = new FenwickTree(candidates);
        var taken = new bool[candidates.Length];
        var first = 0;
        for (var i = 0; i < candidates.Length; i++)
        {
            // RFC 2782: a draw in [0, sum]; the first record whose running sum reaches it. A draw of 0 is reached
            // by the first record still there, whatever its weight; any other draw by a record of positive weight.
            var draw = random.NextInt64(0, weights.Total + 1);
            int chosen;
            if (draw == 0)
            {
                while (taken[first])
                {
                    first++;
                }

                chosen = first;
            }
            else
            {
                chosen = weights.FirstReaching(draw);
            }

            destination[i] = candidates[chosen];
            taken[chosen] = true;
            weights.Remove(chosen, candidates[chosen].Weight);
        }
    }

    /// <summary>Running sums of the weights with O(log n) removal and search (Fenwick, 1994).</summary>
    private sealed class FenwickTree
    {
        private readonly long[] _sums;
        private readonly int _highestStep;

        public FenwickTree(SrvTarget[] records)
        {
            _sums = new long[records.Length + 1];
            for (var i = 1; i <= records.Length; i++)
            {
                _sums[i] += Math.Max(0, records[i - 1].Weight);
                Total += Math.Max(0, records[i - 1].Weight);
                var parent = i + (i & -i);
                if (parent <= records.Length)
                {
                    _sums[parent] += _sums[i];
                }
            }

            _highestStep = records.Length == 0 ? 0 : 1 << (31 - int.LeadingZeroCount(records.Length));
        }

        public long Total { get; private set; }

        public void Remove(int index, int weight)
        {
            if (weight <= 0)
            {
                return;
            }

            Total -= weight;
            for (var i = index + 1; i < _sums.Length; i += i & -i)
            {
                _sums[i] -= weight;
            }
        }

        // The lowest index whose running sum is at least `sum` (1 ≤ sum ≤ Total).
        public int FirstReaching(long sum)
        {
            var position = 0;
            for (var step = _highestStep; step > 0; step >>= 1)
            {
                if (position + step < _sums.Length && _sums[position + step] < sum)
                {
                    position += step;
                    sum -= _sums[position];
                }
            }

            return position;
        }
    }
}
