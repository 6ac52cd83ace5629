using System.Globalization;

namespace PushExporter.Sip.Message;

/// <summary>A SIP response (RFC 3261 §7.2): status code, reason phrase, headers and body.</summary>
public sealed class SipResponse : SipMessage
{
    /// <summary>Creates a response.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The status code is outside 100–699.</exception>
    /// <exception cref="ArgumentException">The reason phrase holds a CR or LF.</exception>
    public SipResponse(int statusCode, string reasonPhrase, SipHeaders headers)
        : base(headers)
    {
        ArgumentNullException.ThrowIfNull(reasonPhrase);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        if (reasonPhrase.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException("the reason phrase contains a line break", nameof(reasonPhrase));
        }

        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    /// <summary>The three-digit status code.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase, possibly empty.</summary>
    public string ReasonPhrase { get; }

    /// <summary>Whether this is a 1xx response, which does not end a transaction (RFC 3261 §17.1.2.2).</summary>
    public bool IsProvisional => StatusCode is >= 100 and < 200;

    /// <summary>
    /// The Lync/Skype for Business diagnostics: the <c>ms-diagnostics</c> header, else <c>ms-diagnostics-public</c>
    /// (which an Edge adds across federation); <see langword="null"/> when neither is present and parsable.
    /// </summary>
    public MsDiagnostics? MsDiagnostics
    {
        get
        {
            var value = Headers[SipHeaderNames.MsDiagnostics];
            if (value is not null && MsDiagnostics.TryParse(value, isPublic: false, out var internalDiagnostics))
            {
                return internalDiagnostics;
            }

            value = Headers[SipHeaderNames.MsDiagnosticsPublic];
            return value is not null && MsDiagnostics.TryParse(value, isPublic: true, out var publicDiagnostics)
                ? publicDiagnostics
                : null;
        }
    }

    /// <summary>The status line, e.g. <c>SIP/2.0 504 Server time-out</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"SIP/2.0 {StatusCode} {ReasonPhrase}");
}
