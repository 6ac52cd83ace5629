using System.Buffers;
using System.Globalization;
using System.Text;

namespace PushExporter.Sip.Message;

/// <summary>
/// Parses SIP messages from bytes: framed by Content-Length on streams (TCP/TLS, RFC 3261 §18.3) or one per
/// datagram (UDP). Tolerant of what real servers send — any header-name case, compact forms, folded lines, bare
/// LF line ends — and bounded by <see cref="SipParserLimits"/>. On any input it returns a status; it never throws
/// for malformed bytes and never buffers or scans beyond the limits.
/// </summary>
public static class SipMessageParser
{
    private const byte Space = (byte)' ';
    private const byte Tab = (byte)'\t';
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const int MaxNameLength = 256;

    private static readonly string[] _reasons =
    [
        "OK", "Trying", "Ringing", "Session Progress", "Accepted", "Bad Request", "Unauthorized", "Forbidden",
        "Not Found", "Method Not Allowed", "Request Timeout", "Temporarily Unavailable", "Server Internal Error",
        "Not Implemented", "Bad Gateway", "Service Unavailable", "Server Time-out", "Server time-out",
        "Not Acceptable Here", "Not Acceptable", "Decline",
    ];

    /// <summary>
    /// Parses one message from the start of a stream buffer, skipping leading CRLF keep-alives (RFC 5626 §3.5.1).
    /// </summary>
    /// <param name="buffer">The received bytes; more messages may follow the first.</param>
    /// <param name="limits">The bounds to enforce.</param>
    /// <param name="message">The message when <see cref="SipParseStatus.Complete"/>.</param>
    /// <param name="consumed">
    /// Complete: the end of the message. Incomplete: past any keep-alives skipped, so the caller may drop them and
    /// keep buffering from there. Error: the start of the buffer.
    /// </param>
    /// <param name="error">The failure when <see cref="SipParseStatus.Error"/>.</param>
    /// <returns>Complete, Incomplete (need more bytes, no limit exceeded yet) or Error.</returns>
    public static SipParseStatus TryParse(
        in ReadOnlySequence<byte> buffer,
        SipParserLimits limits,
        out SipMessage? message,
        out SequencePosition consumed,
        out SipParseError? error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny(Cr, Lf);
        var start = reader.Position;
        var rest = buffer.Slice(start);
        message = null;
        error = null;
        if (rest.IsEmpty)
        {
            consumed = start;
            return SipParseStatus.Incomplete;
        }

        // Any acceptable message fits in this window, so neither scanning nor copying below is unbounded.
        var window = Math.Min((long)limits.MaxHeaderBytes + limits.MaxBodyLength, Array.MaxLength);
        if (rest.Length > window)
        {
            rest = rest.Slice(0, window);
        }

        // A prefix never yields a different Complete or Error than the whole, so try the first segment alone
        // and copy only when the message really spans segments.
        var status = Parse(rest.FirstSpan, limits, stream: true, out message, out var used, out error);
        if (status == SipParseStatus.Incomplete && !rest.IsSingleSegment)
        {
            var length = (int)rest.Length;
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                rest.CopyTo(rented);
                status = Parse(rented.AsSpan(0, length), limits, stream: true, out message, out used, out error);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        consumed = status switch
        {
            SipParseStatus.Complete => buffer.GetPosition(used, start),
            SipParseStatus.Incomplete => start,
            _ => buffer.Start,
        };
        return status;
    }

    /// <summary>
    /// Parses one UDP datagram as one message. Content-Length is optional (the body is the rest of the datagram);
    /// a Content-Length larger than the rest is an error, and bytes beyond it are discarded (RFC 3261 §18.3).
    /// </summary>
    /// <returns>Complete or Error; Incomplete only for a datagram that holds nothing but CRLF keep-alives.</returns>
    public static SipParseStatus TryParseDatagram(
        ReadOnlySpan<byte> datagram,
        SipParserLimits limits,
        out SipMessage? message,
        out SipParseError? error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var start = datagram.IndexOfAnyExcept(Cr, Lf);
        if (start < 0)
        {
            message = null;
            error = null;
            return SipParseStatus.Incomplete;
        }

        return Parse(datagram[start..], limits, stream: false, out message, out _, out error);
    }

    private static SipParseStatus Parse(
        ReadOnlySpan<byte> data,
        SipParserLimits limits,
        bool stream,
        out SipMessage? message,
        out int consumed,
        out SipParseError? error)
    {
        message = null;
        consumed = 0;
        var status = FindHeadEnd(data, limits, stream, out var startLineEnd, out var headersStart, out var headEnd,
            out var headerCount, out error);
        if (status != SipParseStatus.Complete)
        {
            return status;
        }

        var startLine = data[..startLineEnd];
        if (startLine.Contains(Cr))
        {
            return Fail(SipParseErrorKind.MalformedStartLine, "start line contains a bare CR", out error);
        }

        var headers = new SipHeaders(headerCount);
        if (!TryParseHeaders(data[headersStart..headEnd], headers, out var contentLength, out error))
        {
            return SipParseStatus.Error;
        }

        int bodyLength;
        var available = data.Length - headEnd;
        if (contentLength is { } declared)
        {
            if (declared > limits.MaxBodyLength)
            {
                return Fail(SipParseErrorKind.BodyTooLarge,
                    $"Content-Length {declared} exceeds the {limits.MaxBodyLength}-byte body limit", out error);
            }

            if (declared > available)
            {
                if (stream)
                {
                    return SipParseStatus.Incomplete;
                }

                return Fail(SipParseErrorKind.InvalidContentLength,
                    $"Content-Length {declared} exceeds the {available} bytes that follow the headers", out error);
            }

            bodyLength = (int)declared;
        }
        else if (stream)
        {
            return Fail(SipParseErrorKind.MissingContentLength,
                "message on a stream transport has no Content-Length (RFC 3261 §18.3)", out error);
        }
        else if (available > limits.MaxBodyLength)
        {
            return Fail(SipParseErrorKind.BodyTooLarge,
                $"body of {available} bytes exceeds the {limits.MaxBodyLength}-byte body limit", out error);
        }
        else
        {
            bodyLength = available;
        }

        // One allocation holds both the header values (decoded lazily) and the body the message keeps.
        var headLength = headEnd - headersStart;
        var raw = new byte[headLength + bodyLength];
        data[headersStart..headEnd].CopyTo(raw);
        data.Slice(headEnd, bodyLength).CopyTo(raw.AsSpan(headLength));
        headers.AttachRaw(raw);
        var body = bodyLength == 0 ? ReadOnlyMemory<byte>.Empty : raw.AsMemory(headLength, bodyLength);

        if (!TryCreate(startLine, headers, body, out message, out error))
        {
            return SipParseStatus.Error;
        }

        consumed = headEnd + bodyLength;
        return SipParseStatus.Complete;
    }

    /// <summary>
    /// Finds the blank line ending the header section, enforcing every limit on the way; on a stream the bytes
    /// buffered so far are checked too, so an endless line or header section fails as soon as it passes a limit.
    /// </summary>
    private static SipParseStatus FindHeadEnd(
        ReadOnlySpan<byte> data,
        SipParserLimits limits,
        bool stream,
        out int startLineEnd,
        out int headersStart,
        out int headEnd,
        out int headerCount,
        out SipParseError? error)
    {
        startLineEnd = headersStart = headEnd = headerCount = 0;
        error = null;
        var position = 0;
        var lineNumber = 0;
        while (true)
        {
            var newline = data[position..].IndexOf(Lf);
            int lineEnd;
            int next;
            if (newline >= 0)
            {
                lineEnd = position + newline;
                next = lineEnd + 1;
            }
            else if (stream)
            {
                if (data.Length - position > limits.MaxLineLength)
                {
                    return LineTooLong(lineNumber, limits, out error);
                }

                if (data.Length > limits.MaxHeaderBytes)
                {
                    return HeadersTooLarge(limits, out error);
                }

                return SipParseStatus.Incomplete;
            }
            else if (position == data.Length)
            {
                // A datagram may end without the blank line; what it holds is the whole message.
                headEnd = data.Length;
                return SipParseStatus.Complete;
            }
            else
            {
                lineEnd = next = data.Length;
            }

            var contentEnd = lineEnd > position && data[lineEnd - 1] == Cr ? lineEnd - 1 : lineEnd;
            if (contentEnd - position > limits.MaxLineLength)
            {
                return LineTooLong(lineNumber, limits, out error);
            }

            if (next > limits.MaxHeaderBytes)
            {
                return HeadersTooLarge(limits, out error);
            }

            if (lineNumber == 0)
            {
                startLineEnd = contentEnd;
                headersStart = next;
            }
            else if (contentEnd == position)
            {
                headEnd = next;
                return SipParseStatus.Complete;
            }
            else if (data[position] is not (Space or Tab) && ++headerCount > limits.MaxHeaderCount)
            {
                return Fail(SipParseErrorKind.TooManyHeaders,
                    $"message has more than the {limits.MaxHeaderCount}-header limit", out error);
            }

            lineNumber++;
            position = next;
            if (newline < 0)
            {
                headEnd = data.Length;
                return SipParseStatus.Complete;
            }
        }
    }

    /// <summary>
    /// Reads the header lines (the span ends with the blank line, if any). Offsets stored in
    /// <paramref name="headers"/> are relative to the span's start.
    /// </summary>
    private static bool TryParseHeaders(
        ReadOnlySpan<byte> head,
        SipHeaders headers,
        out long? contentLength,
        out SipParseError? error)
    {
        contentLength = null;
        error = null;
        string? name = null;
        var valueStart = 0;
        var valueLength = 0;
        StringBuilder? folded = null;
        var position = 0;
        var lineNumber = 1;
        while (position < head.Length)
        {
            var newline = head[position..].IndexOf(Lf);
            var lineEnd = newline < 0 ? head.Length : position + newline;
            var contentEnd = lineEnd > position && head[lineEnd - 1] == Cr ? lineEnd - 1 : lineEnd;
            var line = head[position..contentEnd];
            var lineStart = position;
            position = lineEnd + 1;
            lineNumber++;
            if (line.IsEmpty)
            {
                break;
            }

            if (line.Contains(Cr))
            {
                Fail(SipParseErrorKind.MalformedHeader, $"line {lineNumber} contains a bare CR", out error);
                return false;
            }

            if (line[0] is Space or Tab)
            {
                // RFC 3261 §7.3.1: a line starting with whitespace continues the previous field; the fold
                // (line end plus leading whitespace) is equivalent to a single space.
                if (name is null)
                {
                    Fail(SipParseErrorKind.MalformedHeader,
                        $"line {lineNumber} continues a header but no header precedes it", out error);
                    return false;
                }

                var continuation = line.Trim(" \t"u8);
                if (!continuation.IsEmpty)
                {
                    folded ??= new StringBuilder(Encoding.UTF8.GetString(head.Slice(valueStart, valueLength)));
                    if (folded.Length > 0)
                    {
                        folded.Append(' ');
                    }

                    folded.Append(Encoding.UTF8.GetString(continuation));
                }

                continue;
            }

            if (name is not null && !TryFlush(head, headers, name, valueStart, valueLength, folded, ref contentLength, out error))
            {
                return false;
            }

            folded = null;
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                Fail(SipParseErrorKind.MalformedHeader, $"header line {lineNumber} has no colon: '{Printable(line)}'", out error);
                return false;
            }

            var nameBytes = line[..colon].TrimEnd(" \t"u8);
            if (!SipSyntax.IsToken(nameBytes) || nameBytes.Length > MaxNameLength)
            {
                Fail(SipParseErrorKind.MalformedHeader, $"header line {lineNumber} has an invalid name: '{Printable(line)}'", out error);
                return false;
            }

            name = CanonicalName(nameBytes);
            var value = line[(colon + 1)..];
            var leading = value.Length - value.TrimStart(" \t"u8).Length;
            value = value.Trim(" \t"u8);
            valueStart = lineStart + colon + 1 + leading;
            valueLength = value.Length;
        }

        return name is null || TryFlush(head, headers, name, valueStart, valueLength, folded, ref contentLength, out error);
    }

    private static bool TryFlush(
        ReadOnlySpan<byte> head,
        SipHeaders headers,
        string name,
        int valueStart,
        int valueLength,
        StringBuilder? folded,
        ref long? contentLength,
        out SipParseError? error)
    {
        error = null;
        string? decoded = null;
        if (folded is null)
        {
            headers.AddRaw(name, valueStart, valueLength);
        }
        else
        {
            decoded = folded.ToString();
            headers.AddDecoded(name, decoded);
        }

        if (!ReferenceEquals(name, SipHeaderNames.ContentLength))
        {
            return true;
        }

        var parsed = decoded is null
            ? long.TryParse(head.Slice(valueStart, valueLength), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            : long.TryParse(decoded, NumberStyles.None, CultureInfo.InvariantCulture, out number);
        if (!parsed)
        {
            var shown = decoded ?? Printable(head.Slice(valueStart, valueLength));
            Fail(SipParseErrorKind.InvalidContentLength, $"Content-Length '{shown}' is not a non-negative integer", out error);
            return false;
        }

        if (contentLength is { } earlier && earlier != number)
        {
            Fail(SipParseErrorKind.InvalidContentLength,
                $"Content-Length appears twice with different values ({earlier} and {number})", out error);
            return false;
        }

        contentLength = number;
        return true;
    }

    private static bool TryCreate(
        ReadOnlySpan<byte> line,
        SipHeaders headers,
        ReadOnlyMemory<byte> body,
        out SipMessage? message,
        out SipParseError? error)
    {
        message = null;
        error = null;
        if (line.Length >= 4 && Ascii.EqualsIgnoreCase(line[..4], "SIP/"u8))
        {
            // RFC 3261 §7.2: Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
            var space = line.IndexOf(Space);
            var rest = space < 0 ? [] : line[(space + 1)..].TrimStart(Space);
            if (space < 0 || !Ascii.EqualsIgnoreCase(line[..space], "SIP/2.0"u8)
                || rest.Length < 3 || (rest.Length > 3 && rest[3] != Space)
                || !int.TryParse(rest[..3], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                || code is < 100 or > 699)
            {
                Fail(SipParseErrorKind.MalformedStartLine, $"status line is malformed: '{Printable(line)}'", out error);
                return false;
            }

            var reason = ReasonString(rest[3..].Trim(" \t"u8));
            message = new SipResponse(code, reason, headers) { Body = body };
            return true;
        }

        // RFC 3261 §7.1: Request-Line = Method SP Request-URI SP SIP-Version
        var first = line.IndexOf(Space);
        var last = line.LastIndexOf(Space);
        if (first <= 0 || last <= first
            || !SipSyntax.IsToken(line[..first])
            || !Ascii.EqualsIgnoreCase(line[(last + 1)..], "SIP/2.0"u8))
        {
            Fail(SipParseErrorKind.MalformedStartLine,
                $"start line is neither a request line nor a status line: '{Printable(line)}'", out error);
            return false;
        }

        var uriText = Encoding.UTF8.GetString(line[(first + 1)..last].Trim(Space));
        if (!SipUri.TryParse(uriText, out var uri, out var uriError))
        {
            Fail(SipParseErrorKind.InvalidUri, $"Request-URI is invalid: {uriError}", out error);
            return false;
        }

        message = new SipRequest(SipSyntax.MethodString(line[..first]), uri, headers) { Body = body };
        return true;
    }

    private static string CanonicalName(ReadOnlySpan<byte> name)
    {
        Span<char> chars = stackalloc char[name.Length];
        Ascii.ToUtf16(name, chars, out _);
        return SipHeaderNames.TryGetCanonical(chars) ?? new string(chars);
    }

    private static string ReasonString(ReadOnlySpan<byte> reason)
    {
        foreach (var known in _reasons)
        {
            if (Ascii.Equals(reason, known))
            {
                return known;
            }
        }

        return reason.IsEmpty ? string.Empty : Encoding.UTF8.GetString(reason);
    }

    /// <summary>A short, printable excerpt of a line for error messages and traces.</summary>
    private static string Printable(ReadOnlySpan<byte> line)
    {
        var excerpt = line[..Math.Min(line.Length, 64)];
        return string.Create(excerpt.Length + (line.Length > excerpt.Length ? 1 : 0), excerpt.ToArray(), static (chars, bytes) =>
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[i] = bytes[i] is >= 0x20 and < 0x7F ? (char)bytes[i] : '.';
            }

            if (chars.Length > bytes.Length)
            {
                chars[^1] = '…';
            }
        });
    }

    private static SipParseStatus LineTooLong(int lineNumber, SipParserLimits limits, out SipParseError error)
    {
        var which = lineNumber == 0 ? "start line" : "header line";
        return Fail(SipParseErrorKind.LineTooLong, $"{which} exceeds the {limits.MaxLineLength}-byte limit", out error);
    }

    private static SipParseStatus HeadersTooLarge(SipParserLimits limits, out SipParseError error) =>
        Fail(SipParseErrorKind.HeadersTooLarge, $"header section exceeds the {limits.MaxHeaderBytes}-byte limit", out error);

    private static SipParseStatus Fail(SipParseErrorKind kind, string text, out SipParseError error)
    {
        error = new SipParseError(kind, text);
        return SipParseStatus.Error;
    }
}
