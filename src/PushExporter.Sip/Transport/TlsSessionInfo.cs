using System.Net.Security;
using System.Security.Authentication;

namespace PushExporter.Sip.Transport;

/// <summary>What a TLS handshake established, or what it saw before failing.</summary>
/// <param name="ServerName">The SNI name sent.</param>
/// <param name="Protocol">The negotiated version (None if the handshake failed).</param>
/// <param name="CipherSuite">The negotiated cipher suite.</param>
/// <param name="PresentedChain">The certificates the peer sent, leaf first.</param>
/// <param name="EarliestNotAfter">The earliest expiry in <paramref name="PresentedChain"/>.</param>
/// <param name="Trusted">True when the chain validated against the configured trust and the name matched.</param>
/// <param name="ValidationErrors">Why the chain was not trusted, in words; null when trusted.</param>
public sealed record TlsSessionInfo(
    string ServerName,
    SslProtocols Protocol,
    TlsCipherSuite? CipherSuite,
    IReadOnlyList<TlsCertificateInfo> PresentedChain,
    DateTimeOffset? EarliestNotAfter,
    bool Trusted,
    string? ValidationErrors);
