namespace PushExporter.Sip.Message;

/// <summary>A SIP request or response (RFC 3261 §7): start line, header fields and an opaque body.</summary>
public abstract class SipMessage
{
    /// <summary>Creates a message around the given header fields.</summary>
    protected SipMessage(SipHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Headers = headers;
    }

    /// <summary>The header fields in wire order.</summary>
    public SipHeaders Headers { get; }

    /// <summary>The body; its length is the Content-Length the writer emits.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The Call-ID header (RFC 3261 §20.8).</summary>
    public string? CallId => Headers[SipHeaderNames.CallId];

    /// <summary>The CSeq header, or <see langword="null"/> when absent or malformed (RFC 3261 §20.16).</summary>
    public CSeqHeader? CSeq => CSeqHeader.TryParse(Headers[SipHeaderNames.CSeq], out var cseq) ? cseq : null;

    /// <summary>
    /// The branch parameter of the topmost Via value, which identifies the client transaction
    /// (RFC 3261 §17.1.3 matches responses by it and the CSeq method).
    /// </summary>
    public string? TopViaBranch
    {
        get
        {
            var via = Headers[SipHeaderNames.Via];
            if (via is null)
            {
                return null;
            }

            var top = SipSyntax.FirstListElement(via);
            var semicolon = top.IndexOf(';');
            return semicolon < 0 ? null : SipSyntax.GetParameter(top[semicolon..], "branch");
        }
    }

    /// <summary>The tag parameter of the From header (RFC 3261 §19.3).</summary>
    public string? FromTag => TagOf(Headers[SipHeaderNames.From]);

    /// <summary>The tag parameter of the To header (RFC 3261 §19.3).</summary>
    public string? ToTag => TagOf(Headers[SipHeaderNames.To]);

    private static string? TagOf(string? value) =>
        value is null ? null : SipSyntax.GetParameter(SipSyntax.HeaderParameters(value), "tag");
}
