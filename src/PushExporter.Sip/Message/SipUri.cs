using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace PushExporter.Sip.Message;

/// <summary>
/// A <c>sip:</c> or <c>sips:</c> URI (RFC 3261 §19.1): <c>sip:user:password@host:port;params?headers</c>.
/// Immutable; equality follows RFC 3261 §19.1.4.
/// </summary>
public sealed class SipUri : IEquatable<SipUri>
{
    // RFC 3261 §19.1.4: these parameters must match whenever either URI carries them.
    private static readonly string[] _significantParameters = ["transport", "user", "ttl", "method", "maddr"];

    private static readonly SearchValues<char> _hostChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._");

    private static readonly SearchValues<char> _ipv6Chars = SearchValues.Create("0123456789abcdefABCDEF:.");

    // RFC 3261 §25.1 unreserved / escaped plus the user-unreserved and password marks; anything else is refused.
    private static readonly SearchValues<char> _userChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()%&=+$,;?/:");

    private static readonly SearchValues<char> _paramChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()%[]/:&+$");

    private readonly KeyValuePair<string, string?>[] _parameters;
    private string? _text;

    private SipUri(string scheme, string? user, string? password, string host, int? port,
        KeyValuePair<string, string?>[] parameters, string? headers)
    {
        Scheme = scheme;
        User = user;
        Password = password;
        Host = host;
        Port = port;
        _parameters = parameters;
        UriHeaders = headers;
    }

    /// <summary><c>sip</c> or <c>sips</c>, lower-cased.</summary>
    public string Scheme { get; }

    /// <summary>The user part before <c>@</c> (without the password), as written (case-sensitive).</summary>
    public string? User { get; }

    /// <summary>The password of <c>user:password@</c>, which RFC 3261 §19.1.1 discourages but permits.</summary>
    public string? Password { get; }

    /// <summary>The host: a name, an IPv4 address, or an IPv6 reference kept in brackets (<c>[::1]</c>).</summary>
    public string Host { get; }

    /// <summary>The port, or <see langword="null"/> when the URI names none.</summary>
    public int? Port { get; }

    /// <summary>The URI parameters in order, e.g. <c>;transport=tls;lr</c> (a value-less one has a null value).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters => _parameters;

    /// <summary>The header part after <c>?</c>, without the question mark, as written.</summary>
    public string? UriHeaders { get; }

    /// <summary>Parses a SIP URI.</summary>
    /// <exception cref="FormatException">The text is not a valid sip: or sips: URI; the message says why.</exception>
    public static SipUri Parse(string text) =>
        TryParse(text, out var uri, out var error) ? uri : throw new FormatException(error);

    /// <summary>Parses a SIP URI; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SipUri? uri, out string? error)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "SIP URI is empty";
            return false;
        }

        var span = text.AsSpan().Trim();
        var colon = span.IndexOf(':');
        if (colon <= 0)
        {
            error = $"SIP URI '{text}' has no scheme (expected sip: or sips:)";
            return false;
        }

        string scheme;
        if (span[..colon].Equals("sip", StringComparison.OrdinalIgnoreCase))
        {
            scheme = "sip";
        }
        else if (span[..colon].Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            scheme = "sips";
        }
        else
        {
            error = $"SIP URI '{text}' has scheme '{span[..colon]}' (expected sip or sips)";
            return false;
        }

        var rest = span[(colon + 1)..];
        string? headers = null;
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            headers = rest[(question + 1)..].ToString();
            rest = rest[..question];
        }

        string? user = null;
        string? password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            if (userInfo.IsEmpty || userInfo.ContainsAnyExcept(_userChars))
            {
                error = $"SIP URI '{text}' has an invalid user part";
                return false;
            }

            var passwordColon = userInfo.IndexOf(':');
            user = (passwordColon < 0 ? userInfo : userInfo[..passwordColon]).ToString();
            password = passwordColon < 0 ? null : userInfo[(passwordColon + 1)..].ToString();
            rest = rest[(at + 1)..];
        }

        var semicolon = rest.IndexOf(';');
        var hostPort = semicolon < 0 ? rest : rest[..semicolon];
        var parameterText = semicolon < 0 ? [] : rest[semicolon..];

        if (!TryParseHostPort(hostPort, out var host, out var port, out var hostError))
        {
            error = $"SIP URI '{text}' {hostError}";
            return false;
        }

        var parameters = new List<KeyValuePair<string, string?>>();
        foreach (var range in parameterText.Split(';'))
        {
            var parameter = parameterText[range];
            if (parameter.IsEmpty)
            {
                continue;
            }

            var equals = parameter.IndexOf('=');
            var name = equals < 0 ? parameter : parameter[..equals];
            var value = equals < 0 ? [] : parameter[(equals + 1)..];
            if (name.IsEmpty || name.ContainsAnyExcept(_paramChars) || value.ContainsAnyExcept(_paramChars))
            {
                error = $"SIP URI '{text}' has an invalid parameter '{parameter}'";
                return false;
            }

            parameters.Add(new(name.ToString(), equals < 0 ? null : value.ToString()));
        }

        uri = new SipUri(scheme, user, password, host, port, [.. parameters], headers);
        error = null;
        return true;
    }

    /// <summary>The value of a URI parameter (case-insensitive name): "" for a value-less one, null if absent.</summary>
    public string? GetParameter(string name)
    {
        foreach (var (key, value) in _parameters)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value ?? string.Empty;
            }
        }

        return null;
    }

    /// <summary>
    /// RFC 3261 §19.1.4 comparison: scheme and host case-insensitive; user and password case-sensitive (escapes
    /// resolved); a port
    /// must be present in both or absent in both; transport, user, ttl, method and maddr must match when either
    /// URI has them; other parameters must match only when both have them; headers must match.
    /// </summary>
    public bool Equals(SipUri? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (!string.Equals(Scheme, other.Scheme, StringComparison.Ordinal)
            || !string.Equals(Unescape(User), Unescape(other.User), StringComparison.Ordinal)
            || !string.Equals(Password, other.Password, StringComparison.Ordinal)
            || !string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
            || Port != other.Port
            || !string.Equals(UriHeaders, other.UriHeaders, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var name in _significantParameters)
        {
            if (!string.Equals(GetParameter(name), other.GetParameter(name), StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        foreach (var (name, _) in _parameters)
        {
            var mine = GetParameter(name);
            var theirs = other.GetParameter(name);
            if (theirs is not null && !string.Equals(mine, theirs, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SipUri);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Scheme, Unescape(User), StringComparer.OrdinalIgnoreCase.GetHashCode(Host), Port);

    /// <summary>The canonical text (lower-case scheme, everything else as parsed); it parses back to an equal URI.</summary>
    public override string ToString() => _text ??= Format();

    private string Format()
    {
        var builder = new StringBuilder(Scheme).Append(':');
        if (User is not null)
        {
            builder.Append(User);
            if (Password is not null)
            {
                builder.Append(':').Append(Password);
            }

            builder.Append('@');
        }

        builder.Append(Host);
        if (Port is { } port)
        {
            builder.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (name, value) in _parameters)
        {
            builder.Append(';').Append(name);
            if (value is not null)
            {
                builder.Append('=').Append(value);
            }
        }

        if (UriHeaders is not null)
        {
            builder.Append('?').Append(UriHeaders);
        }

        return builder.ToString();
    }

    // RFC 3261 §19.1.4: an escaped character is equivalent to the character itself ("%61lice" is "alice").
    private static string? Unescape(string? text) =>
        text is null || !text.Contains('%', StringComparison.Ordinal) ? text : Uri.UnescapeDataString(text);

    private static bool TryParseHostPort(ReadOnlySpan<char> hostPort, out string host, out int? port, out string? error)
    {
        host = string.Empty;
        port = null;
        ReadOnlySpan<char> portText;
        if (hostPort.StartsWith('['))
        {
            // RFC 3261 §19.1.1 / RFC 5118: an IPv6 reference is bracketed so its colons are not read as a port.
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                error = "has an unterminated IPv6 reference";
                return false;
            }

            var address = hostPort[1..close];
            if (address.IsEmpty || address.ContainsAnyExcept(_ipv6Chars) || !address.Contains(':'))
            {
                error = "has an invalid IPv6 reference";
                return false;
            }

            host = hostPort[..(close + 1)].ToString();
            portText = hostPort[(close + 1)..];
            if (!portText.IsEmpty && portText[0] != ':')
            {
                error = "has text after its IPv6 reference";
                return false;
            }
        }
        else
        {
            var colon = hostPort.IndexOf(':');
            var name = colon < 0 ? hostPort : hostPort[..colon];
            if (name.IsEmpty || name.ContainsAnyExcept(_hostChars))
            {
                error = name.IsEmpty ? "has no host" : $"has an invalid host '{name}'";
                return false;
            }

            host = name.ToString();
            portText = colon < 0 ? [] : hostPort[colon..];
        }

        if (!portText.IsEmpty)
        {
            if (!int.TryParse(portText[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || number is < 1 or > 65535)
            {
                error = $"has an invalid port '{portText[1..]}'";
                return false;
            }

            port = number;
        }

        error = null;
        return true;
    }
}
