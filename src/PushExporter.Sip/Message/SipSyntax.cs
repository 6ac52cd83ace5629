using System.Buffers;
using System.Text;

namespace PushExporter.Sip.Message;

/// <summary>The small pieces of RFC 3261 §25.1 grammar the message layer needs.</summary>
internal static class SipSyntax
{
    // RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    private const string TokenCharacters =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";

    private static readonly SearchValues<char> _tokenChars = SearchValues.Create(TokenCharacters);
    private static readonly SearchValues<byte> _tokenBytes = SearchValues.Create(Encoding.ASCII.GetBytes(TokenCharacters));
    private static readonly SearchValues<char> _listDelimiters = SearchValues.Create("\",<>\\");

    private static readonly string[] _methods =
    [
        "OPTIONS", "MESSAGE", "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "NOTIFY", "SUBSCRIBE", "INFO",
        "PRACK", "UPDATE", "REFER", "PUBLISH", "SERVICE",
    ];

    public static bool IsToken(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(_tokenChars);

    public static bool IsToken(ReadOnlySpan<byte> text) => !text.IsEmpty && !text.ContainsAnyExcept(_tokenBytes);

    /// <summary>A method name as a string, shared for the common methods so parsing them allocates nothing.</summary>
    public static string MethodString(ReadOnlySpan<char> method)
    {
        foreach (var known in _methods)
        {
            if (method.SequenceEqual(known))
            {
                return known;
            }
        }

        return method.ToString();
    }

    public static string MethodString(ReadOnlySpan<byte> method)
    {
        foreach (var known in _methods)
        {
            if (Ascii.Equals(method, known))
            {
                return known;
            }
        }

        return Encoding.ASCII.GetString(method);
    }

    /// <summary>
    /// Splits a comma-separated header value (RFC 3261 §7.3.1) into its trimmed elements, ignoring commas
    /// inside quoted strings (with backslash escapes) and inside angle brackets.
    /// </summary>
    public static void SplitList(string value, List<string> into)
    {
        var start = 0;
        int comma;
        while ((comma = NextListComma(value, start)) >= 0)
        {
            AddTrimmed(value, start, comma, into);
            start = comma + 1;
        }

        AddTrimmed(value, start, value.Length, into);
    }

    /// <summary>The first element of a comma-separated list, or the whole value if it holds one.</summary>
    public static ReadOnlySpan<char> FirstListElement(string value)
    {
        var comma = NextListComma(value, 0);
        return (comma < 0 ? value.AsSpan() : value.AsSpan(0, comma)).Trim();
    }

    // The next comma at or after start that separates list elements: not inside a quoted string
    // (with backslash escapes) nor inside angle brackets; -1 if there is none.
    private static int NextListComma(string value, int start)
    {
        var inQuotes = false;
        var inAngle = false;
        var i = start;
        while (i < value.Length)
        {
            var next = value.AsSpan(i).IndexOfAny(_listDelimiters);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            switch (value[i])
            {
                case '\\' when inQuotes:
                    i++;
                    break;
                case '"':
                    inQuotes = !inQuotes;
                    break;
                case '<' when !inQuotes:
                    inAngle = true;
                    break;
                case '>' when !inQuotes:
                    inAngle = false;
                    break;
                case ',' when !inQuotes && !inAngle:
                    return i;
            }

            i++;
        }

        return -1;
    }

    /// <summary>
    /// Where the header parameters of a name-addr or addr-spec value begin (RFC 3261 §20.10): after the closing
    /// angle bracket when there is one, else at the first semicolon (parameters of a bare URI belong to the header).
    /// Returns the text from that semicolon on, or an empty span.
    /// </summary>
    public static ReadOnlySpan<char> HeaderParameters(ReadOnlySpan<char> value)
    {
        var inQuotes = false;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '\\' when inQuotes:
                    i++;
                    break;
                case '"':
                    inQuotes = !inQuotes;
                    break;
                case '<' when !inQuotes:
                    var close = value[i..].IndexOf('>');
                    if (close < 0)
                    {
                        return [];
                    }

                    var rest = value[(i + close + 1)..];
                    var semicolon = rest.IndexOf(';');
                    return semicolon < 0 ? [] : rest[semicolon..];
                case ';' when !inQuotes:
                    return value[i..];
            }
        }

        return [];
    }

    /// <summary>
    /// The value of one parameter among <c>;name=value</c> pairs (case-insensitive name, unquoted): "" for a
    /// value-less one, null if absent or unreadable. Allocates only the returned string.
    /// </summary>
    public static string? GetParameter(ReadOnlySpan<char> parameters, string name)
    {
        var i = 0;
        while (TryReadParameter(parameters, ref i, out var current, out var value, out var hasValue, out var quoted))
        {
            if (current.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return hasValue ? Materialize(value, quoted) : string.Empty;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads the next <c>;name[=value]</c> pair (RFC 3261 §25.1 generic-param: a token, a host or a quoted string
    /// with backslash escapes) from <paramref name="i"/> on. Returns false at the end (leaving
    /// <paramref name="i"/> at or past the length) or on malformed text (setting <paramref name="i"/> to -1).
    /// A quoted value is returned between its quotes, escapes unresolved.
    /// </summary>
    public static bool TryReadParameter(
        ReadOnlySpan<char> text,
        ref int i,
        out ReadOnlySpan<char> name,
        out ReadOnlySpan<char> value,
        out bool hasValue,
        out bool quoted)
    {
        name = value = default;
        hasValue = quoted = false;
        if (i < 0)
        {
            return false;
        }

        while (i < text.Length && text[i] is ';' or ' ' or '\t')
        {
            i++;
        }

        if (i >= text.Length)
        {
            return false;
        }

        var nameStart = i;
        while (i < text.Length && text[i] is not ('=' or ';' or ' ' or '\t'))
        {
            i++;
        }

        name = text[nameStart..i];
        if (name.IsEmpty)
        {
            i = -1;
            return false;
        }

        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        if (i >= text.Length || text[i] != '=')
        {
            return true;
        }

        hasValue = true;
        i++;
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        if (i < text.Length && text[i] == '"')
        {
            // RFC 3261 §25.1: quoted-string = DQUOTE *(qdtext / quoted-pair) DQUOTE
            var start = ++i;
            while (i < text.Length && text[i] != '"')
            {
                i += text[i] == '\\' ? 2 : 1;
            }

            if (i >= text.Length)
            {
                i = -1;
                return false;
            }

            value = text[start..i];
            quoted = true;
            i++;
            return true;
        }

        var valueStart = i;
        while (i < text.Length && text[i] != ';')
        {
            i++;
        }

        value = text[valueStart..i].TrimEnd();
        return true;
    }

    /// <summary>A parameter value as a string, resolving <c>\x</c> quoted-pairs of a quoted one.</summary>
    public static string Materialize(ReadOnlySpan<char> value, bool quoted)
    {
        if (!quoted || !value.Contains('\\'))
        {
            return value.ToString();
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            builder.Append(value[i] == '\\' && i + 1 < value.Length ? value[++i] : value[i]);
        }

        return builder.ToString();
    }

    private static void AddTrimmed(string value, int start, int end, List<string> into)
    {
        var element = value.AsSpan(start, end - start).Trim();
        if (!element.IsEmpty)
        {
            into.Add(element.Length == value.Length ? value : element.ToString());
        }
    }
}
