using System.Globalization;

namespace PushExporter.Sip.Resolution;

/// <summary>
/// What happened on the way to an answer (answers ignored, attempts that timed out, a switch
/// to TCP), for the trace: the first <see cref="MaxLines"/> lines of at most
/// <see cref="MaxLineLength"/> characters, the rest counted, so a flood of forged answers
/// cannot grow the trace.
/// </summary>
internal sealed class DnsExchangeNotes
{
    public const int MaxLines = 8;
    public const int MaxLineLength = 200;

    private readonly List<string> _lines = [];
    private int _dropped;

    public void Add(string line)
    {
        if (_lines.Count == MaxLines)
        {
            _dropped++;
            return;
        }

        _lines.Add(line.Length <= MaxLineLength ? line : string.Concat(line.AsSpan(0, MaxLineLength), "…"));
    }

    public IEnumerable<string> Lines => _dropped == 0 ? _lines : _lines.Append(string.Create(CultureInfo.InvariantCulture, $"… and {_dropped} more like these"));
}
