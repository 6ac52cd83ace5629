using System.Text;

namespace PushExporter.Testing;

/// <summary>
/// The last lines a peer wrote, bounded so that a chatty peer (SIPp redraws its screen every
/// second) cannot grow a test's memory.
/// </summary>
internal sealed class BoundedOutput
{
    private const int MaxCharacters = 64 * 1024;

    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();
    private int _characters;
    private int _dropped;

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            _characters += line.Length;
            while (_characters > MaxCharacters && _lines.Count > 1)
            {
                _characters -= _lines.Dequeue().Length;
                _dropped++;
            }
        }
    }

    public bool Contains(string text)
    {
        lock (_gate)
        {
            return _lines.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            if (_dropped > 0)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"[{_dropped} earlier lines not kept]\n");
            }

            foreach (var line in _lines)
            {
                text.Append(line).Append('\n');
            }

            return text.ToString();
        }
    }
}
