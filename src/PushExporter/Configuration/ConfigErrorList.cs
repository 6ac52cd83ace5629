using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PushExporter.Configuration;

/// <summary>
/// Collects every error of one file, so that a user fixes them all in one pass. Bounded: a
/// message is cut at <see cref="MaxMessageLength"/> characters with control characters escaped,
/// and after <see cref="MaxErrors"/> errors the rest are counted, not kept, so that a hostile
/// file cannot turn into megabytes of log, HTTP answer or status page.
/// </summary>
internal sealed class ConfigErrorList(string file)
{
    /// <summary>The most errors kept; <see cref="Errors"/> ends with a line counting the others.</summary>
    public const int MaxErrors = 100;

    /// <summary>The longest message kept, in characters.</summary>
    public const int MaxMessageLength = 500;

    private readonly List<ConfigError> _errors = [];
    private int _notKept;

    public string File { get; } = file;

    public IReadOnlyList<ConfigError> Errors => _notKept == 0
        ? _errors
        : [.. _errors, new ConfigError(File, 0, 0, string.Empty, string.Create(CultureInfo.InvariantCulture, $"{_notKept} more errors not shown"))];

    /// <summary>Every error added, kept or not.</summary>
    public int Count => _errors.Count + _notKept;

    public void Add(YamlNode node, string key, string message) => Add(node.Start, key, message);

    public void Add(Mark mark, string key, string message) => Keep(new ConfigError(File, (int)mark.Line, (int)mark.Column, Bounded(key), Bounded(message)));

    public void AddFileError(string message) => Keep(new ConfigError(File, 0, 0, string.Empty, Bounded(message)));

    private void Keep(ConfigError error)
    {
        if (_errors.Count < MaxErrors)
        {
            _errors.Add(error);
        }
        else
        {
            _notKept++;
        }
    }

    private static string Bounded(string text)
    {
        var prefix = text.AsSpan(0, Math.Min(text.Length, MaxMessageLength));
        if (!prefix.ContainsAnyInRange('\0', '\u001f') && !prefix.ContainsAnyInRange('\u007f', '\u009f'))
        {
            return text.Length <= MaxMessageLength ? text : string.Concat(prefix[..(MaxMessageLength - 1)], "\u2026");
        }

        var escaped = new StringBuilder(MaxMessageLength * 2);
        foreach (var c in prefix)
        {
            if (char.IsControl(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.Length <= MaxMessageLength && text.Length <= MaxMessageLength
            ? escaped.ToString()
            : escaped.ToString(0, MaxMessageLength - 1) + "\u2026";
    }
}
