using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PushExporter.Metrics;

/// <summary>
/// Writes the samples of <see cref="MetricsExposition"/> into a chunk that goes to the response
/// whenever it fills, so a scrape of 10,000 targets (about 40 MB) never sits in memory whole.
/// A family's metadata is written before its first sample, so a family without samples leaves
/// no trace. Number formats are the OpenTelemetry Prometheus exporter's: integers as such,
/// doubles in their shortest round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.
/// </summary>
internal sealed class ExpositionWriter
{
    private const int ChunkSize = 64 * 1024;

    // A histogram's le values; OpenMetrics writes integers as floats ("1.0").
    private static readonly byte[][] _textBounds = Bounds(openMetrics: false);
    private static readonly byte[][] _openMetricsBounds = Bounds(openMetrics: true);

    private static readonly SearchValues<char> _escaped = SearchValues.Create("\\\"\n");

    private readonly ArrayBufferWriter<byte> _chunk = new(ChunkSize + 4096);
    private readonly Stream _output;
    private readonly bool _openMetrics;
    private readonly double _createdAt;
    private MetricsExposition.Family? _family;
    private bool _familyStarted;
    private int _labelsStart;
    private int _labelsEnd;

    public ExpositionWriter(Stream output, bool openMetrics, double createdAt)
    {
        _output = output;
        _openMetrics = openMetrics;
        _createdAt = createdAt;
    }

    public void Begin(MetricsExposition.Family family)
    {
        _family = family;
        _familyStarted = false;
    }

    /// <summary>Starts a sample of the current family: its name, the suffix, and the opening brace.</summary>
    public void Open(ReadOnlySpan<byte> suffix = default)
    {
        var family = _family ?? throw new InvalidOperationException("no family begun");
        if (!_familyStarted)
        {
            _chunk.Write(_openMetrics ? family.OpenMetricsMetadata : family.TextMetadata);
            _familyStarted = true;
        }

        _chunk.Write(family.Name);
        _chunk.Write(suffix);
        _chunk.Write("{"u8);
        _labelsStart = _chunk.WrittenCount;
    }

    /// <summary>A label: <paramref name="prefix"/> is the comma if any, the name, <c>="</c>; the value is escaped.</summary>
    public void Label(ReadOnlySpan<byte> prefix, string value)
    {
        _chunk.Write(prefix);
        LabelValue(value);
        _chunk.Write("\""u8);
    }

    /// <summary>A label whose value needs no escaping.</summary>
    public void RawLabel(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> value)
    {
        _chunk.Write(prefix);
        _chunk.Write(value);
        _chunk.Write("\""u8);
    }

    public ReadOnlySpan<byte> BucketBound(int index) => (_openMetrics ? _openMetricsBounds : _textBounds)[index];

    public void End(long value)
    {
        Close();
        var span = _chunk.GetSpan(21);
        if (!value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new UnreachableException("a long takes at most 20 bytes");
        }

        span[written] = (byte)'\n';
        _chunk.Advance(written + 1);
        CounterCreated();
    }

    public void End(double value)
    {
        Close();
        Double(value);
        _chunk.Write("\n"u8);
        CounterCreated();
    }

    /// <summary>In OpenMetrics, the <c>_created</c> sample with the labels of the sample just ended.</summary>
    public void Created()
    {
        if (!_openMetrics)
        {
            return;
        }

        _chunk.Write(_family!.BaseName);
        _chunk.Write("_created{"u8);
        var length = _labelsEnd - _labelsStart;
        var span = _chunk.GetSpan(length);
        _chunk.WrittenSpan.Slice(_labelsStart, length).CopyTo(span);
        _chunk.Advance(length);
        _chunk.Write("} "u8);
        Double(_createdAt);
        _chunk.Write("\n"u8);
    }

    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _chunk.WrittenCount >= ChunkSize ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _output.WriteAsync(_chunk.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _chunk.ResetWrittenCount();
    }

    private static byte[][] Bounds(bool openMetrics)
    {
        var bounds = new byte[ProbeLatencyHistograms.Buckets.Length + 1][];
        for (var i = 0; i < ProbeLatencyHistograms.Buckets.Length; i++)
        {
            var bound = ProbeLatencyHistograms.Buckets[i];
            var text = bound.ToString(CultureInfo.InvariantCulture);
            bounds[i] = Encoding.UTF8.GetBytes(openMetrics && bound == Math.Floor(bound) ? text + ".0" : text);
        }

        bounds[^1] = "+Inf"u8.ToArray();
        return bounds;
    }

    private void Close()
    {
        _labelsEnd = _chunk.WrittenCount;
        _chunk.Write("} "u8);
    }

    private void CounterCreated()
    {
        if (_family!.Kind == MetricsExposition.Kind.Counter)
        {
            Created();
        }
    }

    private void Double(double value)
    {
        if (double.IsFinite(value))
        {
            // 32 bytes hold any double in its shortest round-trip form (at most 24 characters).
            var span = _chunk.GetSpan(32);
            if (!value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture))
            {
                throw new UnreachableException("a double takes at most 24 bytes");
            }

            _chunk.Advance(written);
        }
        else
        {
            _chunk.Write(double.IsNaN(value) ? "NaN"u8 : value > 0 ? "+Inf"u8 : "-Inf"u8);
        }
    }

    // Prometheus text escaping of a label value: backslash, double quote and line feed.
    private void LabelValue(string value)
    {
        var span = _chunk.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length) * 2);
        if (!value.AsSpan().ContainsAny(_escaped))
        {
            _chunk.Advance(Encoding.UTF8.GetBytes(value, span));
            return;
        }

        var written = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\\':
                    span[written++] = (byte)'\\';
                    span[written++] = (byte)'\\';
                    break;
                case '"':
                    span[written++] = (byte)'\\';
                    span[written++] = (byte)'"';
                    break;
                case '\n':
                    span[written++] = (byte)'\\';
                    span[written++] = (byte)'n';
                    break;
                default:
                    written += rune.EncodeToUtf8(span[written..]);
                    break;
            }
        }

        _chunk.Advance(written);
    }
}
