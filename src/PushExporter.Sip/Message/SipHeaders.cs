using System.Collections;
using System.Text;

namespace PushExporter.Sip.Message;

/// <summary>
/// The header fields of a message in wire order; duplicates are kept. Names are stored in their canonical long
/// form and looked up case-insensitively, compact forms included (RFC 3261 §7.3.3). Values of parsed messages
/// are decoded from the received bytes on first access, so parsing allocates only the strings a caller reads.
/// Not safe for concurrent mutation.
/// </summary>
public sealed class SipHeaders : IEnumerable<SipHeader>
{
    private byte[]? _raw;
    private Entry[] _entries;
    private int _count;

    /// <summary>An empty header collection.</summary>
    public SipHeaders()
    {
        _entries = new Entry[8];
    }

    /// <summary>Room for <paramref name="capacity"/> parsed fields; the parser attaches their bytes with <see cref="AttachRaw"/>.</summary>
    internal SipHeaders(int capacity)
    {
        _entries = new Entry[Math.Max(capacity, 1)];
    }

    /// <summary>The number of header fields (a line holding several comma-separated values counts once).</summary>
    public int Count => _count;

    /// <summary>The first value of the named header, or <see langword="null"/>; compact forms are accepted.</summary>
    public string? this[string name]
    {
        get
        {
            var index = IndexOf(SipHeaderNames.Canonicalize(name), 0);
            return index < 0 ? null : ValueAt(index);
        }
    }

    /// <summary>Appends a header field. The name is stored in its canonical long form (<c>v</c> becomes <c>Via</c>).</summary>
    /// <exception cref="ArgumentException">The name is not a token, or the value holds a CR or LF (header injection).</exception>
    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!SipSyntax.IsToken(name))
        {
            throw new ArgumentException($"'{name}' is not a valid SIP header name", nameof(name));
        }

        if (value.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException($"the value of header '{name}' contains a line break", nameof(value));
        }

        Append(new Entry(SipHeaderNames.Canonicalize(name), value.Trim(), 0, 0));
    }

    /// <summary>
    /// Every value of the named header in order. Comma-separated lists (Via, Contact, Supported, Allow, …) are split
    /// into their elements, never inside quoted strings or angle brackets (RFC 3261 §7.3.1).
    /// </summary>
    public IReadOnlyList<string> GetAll(string name)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        var split = SipHeaderNames.IsList(canonical);
        List<string>? values = null;
        for (var index = IndexOf(canonical, 0); index >= 0; index = IndexOf(canonical, index + 1))
        {
            values ??= [];
            var value = ValueAt(index);
            if (split)
            {
                SipSyntax.SplitList(value, values);
            }
            else
            {
                values.Add(value);
            }
        }

        return values is null ? [] : values;
    }

    /// <summary>Whether the named header is present; compact forms are accepted.</summary>
    public bool Contains(string name) => IndexOf(SipHeaderNames.Canonicalize(name), 0) >= 0;

    /// <inheritdoc />
    public IEnumerator<SipHeader> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return new SipHeader(_entries[i].Name, ValueAt(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal string NameAt(int index) => _entries[index].Name;

    /// <summary>The received UTF-8 bytes of a value not decoded yet, so the writer can copy them as they are.</summary>
    internal bool TryGetRawValue(int index, out ReadOnlySpan<byte> value)
    {
        ref readonly var entry = ref _entries[index];
        if (entry.Value is null && _raw is not null)
        {
            value = _raw.AsSpan(entry.Start, entry.Length);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Gives the parsed fields the bytes their offsets point into.</summary>
    internal void AttachRaw(byte[] raw) => _raw = raw;

    internal string ValueAt(int index)
    {
        ref var entry = ref _entries[index];
        return entry.Value ??= Encoding.UTF8.GetString(_raw!, entry.Start, entry.Length);
    }

    /// <summary>Adds a parsed field whose value is <c>raw[start..start+length]</c>, decoded when first read.</summary>
    internal void AddRaw(string canonicalName, int start, int length) =>
        Append(new Entry(canonicalName, length == 0 ? string.Empty : null, start, length));

    /// <summary>Adds a parsed field whose value was already decoded (a folded value, RFC 3261 §7.3.1).</summary>
    internal void AddDecoded(string canonicalName, string value) => Append(new Entry(canonicalName, value, 0, 0));

    internal int IndexOf(string canonicalName, int from)
    {
        for (var i = from; i < _count; i++)
        {
            var name = _entries[i].Name;
            if (ReferenceEquals(name, canonicalName) || string.Equals(name, canonicalName, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private void Append(Entry entry)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[_count++] = entry;
    }

    private struct Entry(string name, string? value, int start, int length)
    {
        public readonly string Name = name;
        public readonly int Start = start;
        public readonly int Length = length;
        public string? Value = value;
    }
}
