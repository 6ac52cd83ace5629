using System.Collections.Concurrent;
using PushExporter.Probing;

namespace PushExporter.Metrics;

/// <summary>
/// <c>pushexporter_probe_latency_seconds</c> as /metrics writes it: one cumulative histogram per
/// target, kept from its first answered probe until the process ends (a target removed by a
/// reload keeps its series, as the OpenTelemetry SDK's cumulative histogram does), listed in the
/// order of first observation, as the SDK lists them.
/// </summary>
internal sealed class ProbeLatencyHistograms
{
    /// <summary>Second-scale upper bounds, inclusive; the SDK's defaults are milliseconds whatever the unit.</summary>
    public static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly ConcurrentDictionary<string, Series> _byTarget = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    // Appended under the gate, read without it: the count is published after the item it covers.
    private Series[] _inOrder = new Series[16];
    private int _count;

    /// <summary>Adds the SIP round trip of an answered probe.</summary>
    public void Observe(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.SipRoundTrip is { } roundTrip && result.SipStatusCode != 0)
        {
            (_byTarget.TryGetValue(result.Target, out var series) ? series : Add(result.Target)).Record(roundTrip.TotalSeconds);
        }
    }

    /// <summary>Every target's histogram, in the order of first observation.</summary>
    public ArraySegment<Series> All()
    {
        var count = Volatile.Read(ref _count);
        return new ArraySegment<Series>(Volatile.Read(ref _inOrder), 0, count);
    }

    private Series Add(string target)
    {
        lock (_gate)
        {
            if (_byTarget.TryGetValue(target, out var existing))
            {
                return existing;
            }

            var series = new Series(target);
            if (_count == _inOrder.Length)
            {
                var grown = new Series[_count * 2];
                _inOrder.CopyTo(grown, 0);
                Volatile.Write(ref _inOrder, grown);
            }

            _inOrder[_count] = series;
            Volatile.Write(ref _count, _count + 1);
            _byTarget[target] = series;
            return series;
        }
    }

    /// <summary>One target's histogram: a count per bucket (the last one above every bound), the sum and the count.</summary>
    internal sealed class Series(string target)
    {
        private readonly long[] _counts = new long[Buckets.Length + 1];
        private double _sum;
        private long _count;

        public string Target { get; } = target;

        /// <summary>Copies the per-bucket (not cumulative) counts into <paramref name="counts"/>; one lock, so sum and count agree with them.</summary>
        public (double Sum, long Count) Read(Span<long> counts)
        {
            lock (_counts)
            {
                _counts.CopyTo(counts);
                return (_sum, _count);
            }
        }

        public void Record(double value)
        {
            var bucket = 0;
            while (bucket < Buckets.Length && value > Buckets[bucket])
            {
                bucket++;
            }

            lock (_counts)
            {
                _counts[bucket]++;
                _sum += value;
                _count++;
            }
        }
    }
}
