using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace PushExporter.Metrics;

/// <summary>
/// Writes the samples of <see cref="MetricsExposition"/> into a chunk of its own that is copied
/// to the response's pipe whenever it fills, so a scrape of 10,000 targets (about 40 MB) never
/// sits in memory whole. The pipe is flushed once a megabyte has gathered, not after every chunk:
/// each flush waits for the socket to drain, and a wait per 64 KiB left a 10,000-target scrape
/// mostly waiting (docs/benchmarks.md). A sample is a handful of copies into the chunk, with no
/// call through an interface: a 10,000-target page has 620,000 lines. A family's metadata is
/// written before its first sample, so a family without samples leaves no trace. Number formats
/// are the OpenTelemetry Prometheus exporter's: integers as such, doubles in their shortest
/// round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.
/// </summary>
internal sealed class ExpositionWriter
{
    private const int ChunkSize = 64 * 1024;
    private const int FlushSize = 1024 * 1024;

    // Below this an integral double's shortest round-trip form is its digits, as a long's is
    // (from 1E+15 on, .NET writes an exponent).
    private const double IntegralLimit = 1e15;

    // A histogram's le values; OpenMetrics writes integers as floats ("1.0").
    private static readonly byte[][] _textBounds = Bounds(openMetrics: false);
    private static readonly byte[][] _openMetricsBounds = Bounds(openMetrics: true);

    private static readonly SearchValues<char> _escaped = SearchValues.Create("\\\"\n");

    private readonly PipeWriter _output;
    private readonly bool _openMetrics;
    private readonly double _createdAt;
    private byte[] _chunk = new byte[ChunkSize + 4096];
    private int _position;
    private MetricsExposition.Family? _family;
    private bool _familyStarted;
    private int _labelsStart;
    private int _labelsEnd;
    private long _unflushed;

    public ExpositionWriter(PipeWriter output, bool openMetrics, double createdAt)
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

    /// <summary>Starts a sample of the current family: its name and the opening brace.</summary>
    public void Open()
    {
        Put(StartFamily().Name);
        Put((byte)'{');
        _labelsStart = _position;
    }

    /// <summary>
    /// Starts a sample with a head made once: the family's name, a suffix, the opening brace
    /// and the labels that come before the last label's value (see <see cref="Head"/>); one copy
    /// where a sample would otherwise take six. <see cref="Quoted"/> writes that value.
    /// </summary>
    public void Open(Head head)
    {
        ArgumentNullException.ThrowIfNull(head);
        StartFamily();
        _labelsStart = _position + head.LabelsAt;
        Put(head.Bytes);
    }

    /// <summary>The value of a label whose name a <see cref="Head"/> ended with, already escaped, and its closing quote.</summary>
    public void Quoted(ReadOnlySpan<byte> value)
    {
        Put(value);
        Put((byte)'"');
    }

    /// <summary>A label: <paramref name="prefix"/> is the comma if any, the name, <c>="</c>; the value is escaped.</summary>
    public void Label(ReadOnlySpan<byte> prefix, string value)
    {
        Put(prefix);
        LabelValue(value);
        Put((byte)'"');
    }

    /// <summary>A label whose value needs no escaping, or was escaped by <see cref="Escape"/>.</summary>
    public void RawLabel(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> value)
    {
        Put(prefix);
        Quoted(value);
    }

    public ReadOnlySpan<byte> BucketBound(int index) => (_openMetrics ? _openMetricsBounds : _textBounds)[index];

    public void End(long value)
    {
        Close();
        Long(value);
        Put((byte)'\n');
        CounterCreated();
    }

    public void End(double value)
    {
        Close();
        Double(value);
        Put((byte)'\n');
        CounterCreated();
    }

    /// <summary>In OpenMetrics, the <c>_created</c> sample with the labels of the sample just ended.</summary>
    public void Created()
    {
        if (!_openMetrics)
        {
            return;
        }

        var start = _labelsStart;
        var length = _labelsEnd - _labelsStart;
        Put(_family!.BaseName);
        Put("_created{"u8);
        // The sample's labels are still in the chunk: a sample is never split (see Reserve).
        Reserve(length);
        _chunk.AsSpan(start, length).CopyTo(_chunk.AsSpan(_position));
        _position += length;
        Put("} "u8);
        Double(_createdAt);
        Put((byte)'\n');
    }

    /// <summary>Copies a full chunk to the pipe, and flushes the pipe once a megabyte has gathered there.</summary>
    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken)
    {
        if (_position < ChunkSize)
        {
            return ValueTask.CompletedTask;
        }

        Copy();
        return _unflushed >= FlushSize ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Copies what is left to the pipe and flushes it; throws once nobody reads the pipe any more.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Copy();
        _unflushed = 0;
        var flushed = await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flushed.IsCompleted || flushed.IsCanceled)
        {
            // The response (or the compressor) has ended: the rest of the page would go nowhere.
            throw new OperationCanceledException("the /metrics response ended before the page was written", cancellationToken);
        }
    }

    /// <summary>A label value in the exposition's escaping (backslash, double quote, line feed) and UTF-8.</summary>
    public static byte[] Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new byte[Encoding.UTF8.GetMaxByteCount(value.Length) * 2];
        return buffer.AsSpan(0, EscapeInto(value, buffer)).ToArray();
    }

    /// <summary>
    /// The start of a sample that many samples share: <c>name</c>, <paramref name="suffix"/>,
    /// <c>{</c>, then <paramref name="labels"/> (label names and escaped values, ending with the
    /// last label's <c>name="</c>).
    /// </summary>
    public static Head HeadOf(MetricsExposition.Family family, ReadOnlySpan<byte> suffix, string labels)
    {
        ArgumentNullException.ThrowIfNull(family);
        var bytes = new byte[family.Name.Length + suffix.Length + 1 + Encoding.UTF8.GetByteCount(labels)];
        family.Name.CopyTo(bytes, 0);
        suffix.CopyTo(bytes.AsSpan(family.Name.Length));
        var labelsAt = family.Name.Length + suffix.Length + 1;
        bytes[labelsAt - 1] = (byte)'{';
        Encoding.UTF8.GetBytes(labels, bytes.AsSpan(labelsAt));
        return new Head(bytes, labelsAt);
    }

    /// <summary>A label value escaped and encoded, as a string: for building <see cref="HeadOf"/>'s labels.</summary>
    public static string EscapedText(string value) => Encoding.UTF8.GetString(Escape(value));

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

    // Prometheus text escaping of a label value: backslash, double quote and line feed. The
    // destination holds twice the value's longest UTF-8 form.
    private static int EscapeInto(string value, Span<byte> destination)
    {
        if (!value.AsSpan().ContainsAny(_escaped))
        {
            return Encoding.UTF8.GetBytes(value, destination);
        }

        var written = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\\':
                    destination[written++] = (byte)'\\';
                    destination[written++] = (byte)'\\';
                    break;
                case '"':
                    destination[written++] = (byte)'\\';
                    destination[written++] = (byte)'"';
                    break;
                case '\n':
                    destination[written++] = (byte)'\\';
                    destination[written++] = (byte)'n';
                    break;
                default:
                    written += rune.EncodeToUtf8(destination[written..]);
                    break;
            }
        }

        return written;
    }

    private void Copy()
    {
        _output.Write(_chunk.AsSpan(0, _position));
        _unflushed += _position;
        _position = 0;
    }

    // The current family, its metadata written before its first sample.
    private MetricsExposition.Family StartFamily()
    {
        var family = _family ?? throw new InvalidOperationException("no family begun");
        if (!_familyStarted)
        {
            Put(_openMetrics ? family.OpenMetricsMetadata : family.TextMetadata);
            _familyStarted = true;
        }

        return family;
    }

    private void Close()
    {
        _labelsEnd = _position;
        Put("} "u8);
    }

    private void CounterCreated()
    {
        if (_family!.Kind == MetricsExposition.Kind.Counter)
        {
            Created();
        }
    }

    private void Long(long value)
    {
        Reserve(20);
        if (!value.TryFormat(_chunk.AsSpan(_position), out var written, default, CultureInfo.InvariantCulture))
        {
            throw new UnreachableException("a long takes at most 20 bytes");
        }

        _position += written;
    }

    private void Double(double value)
    {
        if (Math.Abs(value) < IntegralLimit && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            Long((long)value);
        }
        else if (double.IsFinite(value))
        {
            // 32 bytes hold any double in its shortest round-trip form (at most 24 characters).
            Reserve(32);
            if (!value.TryFormat(_chunk.AsSpan(_position), out var written, default, CultureInfo.InvariantCulture))
            {
                throw new UnreachableException("a double takes at most 24 bytes");
            }

            _position += written;
        }
        else
        {
            Put(double.IsNaN(value) ? "NaN"u8 : value > 0 ? "+Inf"u8 : "-Inf"u8);
        }
    }

    private void LabelValue(string value)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(value.Length) * 2);
        _position += EscapeInto(value, _chunk.AsSpan(_position));
    }

    private void Put(byte value)
    {
        Reserve(1);
        _chunk[_position++] = value;
    }

    private void Put(ReadOnlySpan<byte> value)
    {
        Reserve(value.Length);
        value.CopyTo(_chunk.AsSpan(_position));
        _position += value.Length;
    }

    // Room for count more bytes. The chunk grows rather than being copied out mid-sample, so a
    // sample's labels stay in it for its OpenMetrics _created line.
    private void Reserve(int count)
    {
        if (_chunk.Length - _position < count)
        {
            Array.Resize(ref _chunk, Math.Max(_chunk.Length * 2, _position + count));
        }
    }
}

/// <summary>A sample's start made once (<see cref="ExpositionWriter.HeadOf"/>); <see cref="LabelsAt"/> is where its labels begin.</summary>
internal sealed record Head(byte[] Bytes, int LabelsAt);
