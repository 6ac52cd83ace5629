namespace PushExporter.Sip.Message;

/// <summary>A SIP request (RFC 3261 §7.1): method, Request-URI, headers and body.</summary>
public sealed class SipRequest : SipMessage
{
    /// <summary>Creates a request.</summary>
    /// <exception cref="ArgumentException">The method is not a token.</exception>
    public SipRequest(string method, SipUri requestUri, SipHeaders headers)
        : base(headers)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        if (!SipSyntax.IsToken(method))
        {
            throw new ArgumentException($"'{method}' is not a valid SIP method", nameof(method));
        }

        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>The method, case-sensitive (RFC 3261 §7.1), e.g. <c>OPTIONS</c>.</summary>
    public string Method { get; }

    /// <summary>The Request-URI.</summary>
    public SipUri RequestUri { get; }

    /// <summary>The request line, e.g. <c>OPTIONS sip:push@push.lync.com SIP/2.0</c>.</summary>
    public override string ToString() => $"{Method} {RequestUri} SIP/2.0";
}
