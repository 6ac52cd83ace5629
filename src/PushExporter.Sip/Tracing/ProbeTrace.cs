using System.Collections.Frozen;
using System.Text;

namespace PushExporter.Sip.Tracing;

/// <summary>
/// The record of one probe: every DNS answer, socket event, TLS detail and SIP message,
/// stamped with its offset from the probe's start. Bounded: after <see cref="MaxEntries"/>
/// lines or <see cref="MaxCharacters"/> characters further lines are counted, not kept,
/// so a hostile peer cannot grow it without limit. Safe to append from several threads.
/// </summary>
public sealed class ProbeTrace
{
    /// <summary>The most lines kept.</summary>
    public const int MaxEntries = 256;

    /// <summary>The most characters kept over all lines.</summary>
    public const int MaxCharacters = 256 * 1024;

    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly List<TraceEntry> _entries = [];
    private readonly Lock _gate = new();
    private int _characters;
    private int _dropped;

    /// <summary>Starts a trace whose offsets count from now.</summary>
    public ProbeTrace(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
    }

    /// <summary>Time since the trace started.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    /// <summary>Lines that did not fit within the bounds.</summary>
    public int Dropped
    {
        get
        {
            lock (_gate)
            {
                return _dropped;
            }
        }
    }

    /// <summary>A copy of the lines kept so far, in order.</summary>
    public IReadOnlyList<TraceEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Appends one line stamped with the current offset.</summary>
    public void Add(TraceEntryKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entry = new TraceEntry(Elapsed, kind, text);
        lock (_gate)
        {
            if (!Fits(text.Length))
            {
                return;
            }

            _characters += text.Length;
            _entries.Add(entry);
        }
    }

    /// <summary>
    /// Appends the line <paramref name="format"/> makes of <paramref name="state"/>, calling it only
    /// when a line of <paramref name="maxLength"/> characters still fits: once the trace is full,
    /// a line costs a count, not the formatting (a peer's flood of messages is not decoded).
    /// </summary>
    /// <param name="kind">What the line records.</param>
    /// <param name="maxLength">An upper bound of the line's length, e.g. the byte count of UTF-8 text.</param>
    /// <param name="state">What the line is made of.</param>
    /// <param name="format">Makes the line; a static lambda keeps a dropped line free of allocations.</param>
    public void Add<TState>(TraceEntryKind kind, int maxLength, TState state, Func<TState, string> format)
    {
        ArgumentNullException.ThrowIfNull(format);
        lock (_gate)
        {
            if (!Fits(maxLength))
            {
                return;
            }
        }

        Add(kind, format(state));
    }

    /// <summary>The trace as plain text, one block per line: offset in milliseconds, kind, detail.</summary>
    public override string ToString() => ToString(FrozenSet<TraceEntryKind>.Empty);

    /// <summary>
    /// The trace as plain text, with the detail of every line of a <paramref name="withheld"/> kind
    /// replaced by its length: for a reader who may see what the probe did, not what a peer said.
    /// </summary>
    public string ToString(IReadOnlySet<TraceEntryKind> withheld)
    {
        ArgumentNullException.ThrowIfNull(withheld);
        var text = new StringBuilder();
        foreach (var entry in Entries)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"[{entry.Offset.TotalMilliseconds,9:F3} ms] {entry.Kind}: ");
            if (withheld.Contains(entry.Kind))
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"({entry.Text.Length} characters not shown)");
            }
            else
            {
                text.Append(entry.Text.TrimEnd('\r', '\n').Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\n    ", StringComparison.Ordinal));
            }

            text.Append('\n');
        }

        var dropped = Dropped;
        if (dropped > 0)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"... {dropped} more lines not kept (trace bounded to {MaxEntries} lines / {MaxCharacters} characters)\n");
        }

        return text.ToString();
    }

    // Under _gate: whether a line of this length is kept; if not, it is counted.
    private bool Fits(int length)
    {
        if (_entries.Count < MaxEntries && _characters + length <= MaxCharacters)
        {
            return true;
        }

        _dropped++;
        return false;
    }
}
