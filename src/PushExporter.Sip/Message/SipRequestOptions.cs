namespace PushExporter.Sip.Message;

/// <summary>Everything a probe request needs; <see cref="SipRequestFactory"/> fills in the rest.</summary>
public sealed record SipRequestOptions
{
    /// <summary>The method: <c>OPTIONS</c> or <c>MESSAGE</c> for the probe (any token is accepted).</summary>
    public required string Method { get; init; }

    /// <summary>The Request-URI, e.g. <c>sip:push@push.lync.com</c>.</summary>
    public required SipUri RequestUri { get; init; }

    /// <summary>The From URI (the tag is generated).</summary>
    public required SipUri From { get; init; }

    /// <summary>The To URI; the Request-URI when not set.</summary>
    public SipUri? To { get; init; }

    /// <summary>The Via transport: <c>UDP</c>, <c>TCP</c> or <c>TLS</c> (case-insensitive).</summary>
    public required string Transport { get; init; }

    /// <summary>The local address or host written in Via and Contact (an IPv6 address is bracketed).</summary>
    public required string ViaHost { get; init; }

    /// <summary>The local port written in Via and Contact.</summary>
    public required int ViaPort { get; init; }

    /// <summary>The User-Agent header.</summary>
    public string UserAgent { get; init; } = "PushExporter";

    /// <summary>The Content-Type; required when <see cref="Body"/> is not empty (RFC 3261 §20.15).</summary>
    public string? ContentType { get; init; }

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Further headers appended after the generated ones (a Content-Length among them is ignored).</summary>
    public IReadOnlyList<SipHeader> ExtraHeaders { get; init; } = [];

    /// <summary>The CSeq number.</summary>
    public uint CSeq { get; init; } = 1;
}
