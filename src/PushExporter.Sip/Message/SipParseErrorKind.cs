namespace PushExporter.Sip.Message;

/// <summary>Why parsing failed: one kind per limit and per kind of malformation.</summary>
public enum SipParseErrorKind
{
    /// <summary>A line is longer than <see cref="SipParserLimits.MaxLineLength"/>.</summary>
    LineTooLong,

    /// <summary>More header fields than <see cref="SipParserLimits.MaxHeaderCount"/>.</summary>
    TooManyHeaders,

    /// <summary>The header section is larger than <see cref="SipParserLimits.MaxHeaderBytes"/>.</summary>
    HeadersTooLarge,

    /// <summary>The body is larger than <see cref="SipParserLimits.MaxBodyLength"/>.</summary>
    BodyTooLarge,

    /// <summary>The first line is neither a request line nor a status line (RFC 3261 §7.1, §7.2).</summary>
    MalformedStartLine,

    /// <summary>A header line has no colon, an invalid name, or is a continuation with nothing to continue.</summary>
    MalformedHeader,

    /// <summary>Content-Length is not a number, conflicts with another, or exceeds what a datagram holds.</summary>
    InvalidContentLength,

    /// <summary>A message on a stream transport has no Content-Length (RFC 3261 §18.3 requires it).</summary>
    MissingContentLength,

    /// <summary>The Request-URI is not a valid SIP URI.</summary>
    InvalidUri,
}
