using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PushExporter.Hosting;

/// <summary>
/// One log line as Prometheus exporters write them: logfmt (<c>ts=… level=… msg="…" key=value</c>)
/// or one JSON object with <c>ts</c>, <c>level</c>, <c>msg</c> and the fields. The message is
/// the constant text of the log template before its first placeholder; every placeholder is a
/// field of its own (<c>{Target}</c> → <c>target</c>), so Loki's <c>| logfmt</c> or <c>| json</c>
/// finds it without parsing the sentence.
/// </summary>
internal static partial class LogLine
{
    private const string OriginalFormat = "{OriginalFormat}";

    private static readonly JsonWriterOptions _json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };

    /// <summary>The message and fields of a log call's state.</summary>
    public static (string Message, List<KeyValuePair<string, object?>> Fields) Parts(object? state, string formatted, Exception? exception, bool stack)
    {
        var fields = new List<KeyValuePair<string, object?>>();
        var message = formatted;
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                if (key == OriginalFormat)
                {
                    if (value is string template && template.IndexOf('{', StringComparison.Ordinal) is var brace and >= 0)
                    {
                        // "probe failing: target={Target} …" → "probe failing"
                        message = KeyBeforePlaceholder().Replace(template[..brace], string.Empty).TrimEnd(' ', ':', ',', '(');
                    }
                }
                else
                {
                    fields.Add(new(FieldName(key), value));
                }
            }
        }

        if (exception is not null)
        {
            fields.Add(new("err", $"{exception.GetType().Name}: {exception.Message}"));
            if (stack && exception.StackTrace is { } trace)
            {
                fields.Add(new("stack", trace));
            }
        }

        return (message, fields);
    }

    public static string Logfmt(DateTimeOffset at, LogLevel level, string message, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        var line = new StringBuilder(128);
        line.Append("ts=").Append(Timestamp(at)).Append(" level=").Append(Level(level)).Append(" msg=");
        AppendValue(line, message);
        foreach (var (key, value) in fields)
        {
            line.Append(' ').Append(key).Append('=');
            AppendValue(line, Text(value));
        }

        return line.ToString();
    }

    public static string Json(DateTimeOffset at, LogLevel level, string message, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, _json))
        {
            json.WriteStartObject();
            json.WriteString("ts", Timestamp(at));
            json.WriteString("level", Level(level));
            json.WriteString("msg", message);
            foreach (var (key, value) in fields)
            {
                switch (value)
                {
                    case int or long:
                        json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                        break;
                    case double number when double.IsFinite(number):
                        json.WriteNumber(key, number);
                        break;
                    case bool flag:
                        json.WriteBoolean(key, flag);
                        break;
                    default:
                        json.WriteString(key, Text(value));
                        break;
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary><c>TargetName</c> → <c>target_name</c>; already lower-case names stay as they are.</summary>
    public static string FieldName(string key)
    {
        var name = new StringBuilder(key.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(key[i - 1]) || (i + 1 < key.Length && char.IsLower(key[i + 1]))))
                {
                    name.Append('_');
                }

                name.Append(char.ToLowerInvariant(c));
            }
            else
            {
                name.Append(char.IsLetterOrDigit(c) ? c : '_');
            }
        }

        return name.ToString();
    }

    [GeneratedRegex(@"[A-Za-z0-9_.]+=$")]
    private static partial Regex KeyBeforePlaceholder();

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        IEnumerable<string> list => string.Join(",", list),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    // logfmt: bare when the value has no space, quote, equals sign or control character; else quoted with \" \\ \n \r \t escapes.
    private static void AppendValue(StringBuilder line, string value)
    {
        var bare = value.Length > 0 && !value.Any(c => c is ' ' or '"' or '=' or '\\' || char.IsControl(c));
        if (bare)
        {
            line.Append(value);
            return;
        }

        line.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    line.Append("\\\"");
                    break;
                case '\\':
                    line.Append("\\\\");
                    break;
                case '\n':
                    line.Append("\\n");
                    break;
                case '\r':
                    line.Append("\\r");
                    break;
                case '\t':
                    line.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        line.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        line.Append(c);
                    }

                    break;
            }
        }

        line.Append('"');
    }
}
