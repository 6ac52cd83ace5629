namespace PushExporter.Sip.Message;

/// <summary>
/// Hard bounds on what the parser accepts, so that a hostile or broken peer can never make a connection
/// buffer grow without limit. Exceeding one ends parsing with its own <see cref="SipParseErrorKind"/>.
/// </summary>
public sealed record SipParserLimits
{
    /// <summary>The longest line (start line or one header line, without its line end) in bytes.</summary>
    public int MaxLineLength { get; init; } = 8 * 1024;

    /// <summary>The most header fields (a folded field counts once).</summary>
    public int MaxHeaderCount { get; init; } = 128;

    /// <summary>The most bytes from the start line to the blank line that ends the headers, inclusive.</summary>
    public int MaxHeaderBytes { get; init; } = 64 * 1024;

    /// <summary>The largest body in bytes (the Content-Length, or the rest of a datagram).</summary>
    public int MaxBodyLength { get; init; } = 64 * 1024;

    /// <summary>The default limits.</summary>
    public static SipParserLimits Default { get; } = new();
}
