using System.Globalization;

namespace PushExporter.Sip.Message;

/// <summary>Builds the probe's requests: strict, complete and with fresh transaction identifiers.</summary>
public static class SipRequestFactory
{
    /// <summary>
    /// Creates a request with Via (a fresh <c>z9hG4bK</c> branch, RFC 3261 §8.1.1.7, and <c>;rport</c>, RFC 3581),
    /// Max-Forwards 70, From with a fresh tag, To, a fresh Call-ID, CSeq, Contact, User-Agent, Content-Type when
    /// there is a body, then the extra headers. The writer adds Content-Length.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public static SipRequest Create(SipRequestOptions options) => Create(options, SipRequestIdentifiers.NewRandom());

    internal static SipRequest Create(SipRequestOptions options, SipRequestIdentifiers identifiers)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transport = options.Transport?.ToUpperInvariant() switch
        {
            "UDP" => "UDP",
            "TCP" => "TCP",
            "TLS" => "TLS",
            _ => throw new ArgumentException($"transport '{options.Transport}' is not UDP, TCP or TLS", nameof(options)),
        };

        if (string.IsNullOrWhiteSpace(options.ViaHost))
        {
            throw new ArgumentException("ViaHost is empty", nameof(options));
        }

        if (options.ViaPort is < 1 or > 65535)
        {
            throw new ArgumentException($"ViaPort {options.ViaPort} is not a port number", nameof(options));
        }

        if (!options.Body.IsEmpty && string.IsNullOrWhiteSpace(options.ContentType))
        {
            throw new ArgumentException("a body needs a ContentType (RFC 3261 §20.15)", nameof(options));
        }

        // RFC 3261 §19.1.1 (RFC 5118): an IPv6 address in sent-by and in a URI is bracketed.
        var host = options.ViaHost.Contains(':', StringComparison.Ordinal) && !options.ViaHost.StartsWith('[')
            ? $"[{options.ViaHost}]"
            : options.ViaHost;
        var hostPort = string.Create(CultureInfo.InvariantCulture, $"{host}:{options.ViaPort}");
        var user = options.From.User is { } fromUser ? fromUser + "@" : string.Empty;

        var headers = new SipHeaders();
        headers.Add(SipHeaderNames.Via, $"SIP/2.0/{transport} {hostPort};branch={identifiers.Branch};rport");
        headers.Add(SipHeaderNames.MaxForwards, "70");
        headers.Add(SipHeaderNames.From, $"<{options.From}>;tag={identifiers.FromTag}");
        headers.Add(SipHeaderNames.To, $"<{options.To ?? options.RequestUri}>");
        headers.Add(SipHeaderNames.CallId, identifiers.CallId);
        headers.Add(SipHeaderNames.CSeq, new CSeqHeader(options.CSeq, options.Method).ToString());
        headers.Add(SipHeaderNames.Contact, $"<sip:{user}{hostPort};transport={transport.ToLowerInvariant()}>");
        headers.Add(SipHeaderNames.UserAgent, options.UserAgent);
        if (options.ContentType is { } contentType)
        {
            headers.Add(SipHeaderNames.ContentType, contentType);
        }

        foreach (var extra in options.ExtraHeaders)
        {
            headers.Add(extra.Name, extra.Value);
        }

        return new SipRequest(options.Method, options.RequestUri, headers) { Body = options.Body };
    }
}
