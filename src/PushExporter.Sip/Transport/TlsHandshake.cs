using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PushExporter.Sip.Tracing;

namespace PushExporter.Sip.Transport;

/// <summary>
/// The TLS client handshake with an Edge: SNI, trust from a CA file or the system store,
/// an optional client certificate, and a record of the chain the Edge presented — kept
/// even when the handshake fails, so an expired or untrusted certificate can be shown.
/// </summary>
public static class TlsHandshake
{
    /// <summary>
    /// Authenticates over <paramref name="socket"/>. On success returns the stream and the
    /// session; on failure throws <see cref="SipTransportException"/> of kind
    /// <see cref="SipTransportErrorKind.TlsFailed"/> whose message says why, and
    /// <paramref name="observed"/> receives whatever the handshake saw.
    /// </summary>
    public static async Task<(SslStream Stream, TlsSessionInfo Session)> AuthenticateAsync(
        Socket socket,
        string defaultServerName,
        TlsClientOptions options,
        ProbeTrace? trace,
        Action<TlsSessionInfo>? observed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(options);
        var serverName = options.ServerName ?? defaultServerName;
        SslClientAuthenticationOptions authentication;
        try
        {
            authentication = BuildOptions(serverName, options);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            trace?.Add(TraceEntryKind.Tls, $"TLS material not usable: {exception.Message}");
            throw new SipTransportException(SipTransportErrorKind.TlsFailed, $"TLS material not usable: {exception.Message}", exception);
        }

        var observation = new Observation();
        authentication.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            observation.Record(certificate, chain, errors);
            return options.InsecureSkipVerify || errors == SslPolicyErrors.None;
        };

        var stream = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        try
        {
            await stream.AuthenticateAsClientAsync(authentication, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException or CryptographicException or System.ComponentModel.Win32Exception)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            var failed = observation.ToSession(serverName, SslProtocols.None, null);
            observed?.Invoke(failed);
            var reason = failed.ValidationErrors ?? Flatten(exception);
            trace?.Add(TraceEntryKind.Tls, Describe(failed) + $"handshake failed: {reason}");
            throw new SipTransportException(SipTransportErrorKind.TlsFailed, $"TLS handshake with {serverName} failed: {reason}", exception);
        }
        catch (OperationCanceledException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            observed?.Invoke(observation.ToSession(serverName, SslProtocols.None, null));
            trace?.Add(TraceEntryKind.Tls, $"TLS handshake with {serverName} did not finish before the deadline");
            throw;
        }

        var session = observation.ToSession(serverName, stream.SslProtocol, stream.NegotiatedCipherSuite);
        observed?.Invoke(session);
        trace?.Add(TraceEntryKind.Tls, Describe(session) + "handshake complete");
        return (stream, session);
    }

    private static SslClientAuthenticationOptions BuildOptions(string serverName, TlsClientOptions options)
    {
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = options.Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };

        if (options.CaFile is not null)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.ImportFromPemFile(options.CaFile);
            if (policy.CustomTrustStore.Count == 0)
            {
                throw new InvalidDataException($"ca_file {options.CaFile} holds no PEM certificate");
            }
            authentication.CertificateChainPolicy = policy;
        }

        if (options.ClientCertificateFile is not null)
        {
            // The key file's path may be named in errors; its content never is.
            var certificate = X509Certificate2.CreateFromPemFile(options.ClientCertificateFile, options.ClientKeyFile);
            authentication.ClientCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        }

        return authentication;
    }

    private static string Describe(TlsSessionInfo session)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"SNI {session.ServerName}");
        if (session.Protocol != SslProtocols.None)
        {
            text.Append(CultureInfo.InvariantCulture, $", {session.Protocol}, {session.CipherSuite}");
        }

        text.Append('\n');
        foreach (var certificate in session.PresentedChain)
        {
            text.Append(CultureInfo.InvariantCulture, $"  subject={certificate.Subject} issuer={certificate.Issuer} notAfter={certificate.NotAfter:yyyy-MM-ddTHH:mm:ssZ}\n");
        }

        text.Append(session.Trusted ? "  trusted\n" : $"  not trusted: {session.ValidationErrors}\n");
        return text.ToString();
    }

    private static string Flatten(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(" — ", messages.Distinct());
    }

    // Keeps what the validation callback saw; the callback may never run (peer closed early).
    private sealed class Observation
    {
        private List<TlsCertificateInfo> _chain = [];
        private SslPolicyErrors _errors = SslPolicyErrors.RemoteCertificateNotAvailable;
        private string? _chainStatus;
        private bool _seen;

        public void Record(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            _seen = true;
            _errors = errors;
            var presented = new List<X509Certificate2>();
            if (certificate is not null)
            {
                presented.Add(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            }

            if (chain is not null)
            {
                // SslStream puts the certificates the peer sent (beyond the leaf) into ExtraStore.
                foreach (var extra in chain.ChainPolicy.ExtraStore)
                {
                    if (!presented.Exists(p => p.Thumbprint == extra.Thumbprint))
                    {
                        presented.Add(extra);
                    }
                }

                var statuses = chain.ChainStatus
                    .Where(s => s.Status != X509ChainStatusFlags.NoError)
                    .Select(s => $"{s.Status} ({s.StatusInformation.Trim()})")
                    .Distinct()
                    .ToList();
                _chainStatus = statuses.Count > 0 ? string.Join("; ", statuses) : null;
            }

            _chain = presented.Select(c => new TlsCertificateInfo(
                c.Subject,
                c.Issuer,
                new DateTimeOffset(c.NotBefore.ToUniversalTime(), TimeSpan.Zero),
                new DateTimeOffset(c.NotAfter.ToUniversalTime(), TimeSpan.Zero),
                c.Thumbprint)).ToList();
        }

        public TlsSessionInfo ToSession(string serverName, SslProtocols protocol, TlsCipherSuite? cipher)
        {
            var earliest = _chain.Count == 0 ? (DateTimeOffset?)null : _chain.Min(c => c.NotAfter);
            string? errors = null;
            if (!_seen)
            {
                errors = "the peer presented no certificate";
            }
            else if (_errors != SslPolicyErrors.None)
            {
                var words = new List<string>();
                if (_errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
                {
                    words.Add($"the certificate does not name {serverName}");
                }

                if (_errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
                {
                    words.Add($"chain not trusted: {_chainStatus ?? "unknown chain error"}");
                }

                if (_errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
                {
                    words.Add("the peer presented no certificate");
                }

                errors = string.Join("; ", words);
            }

            return new TlsSessionInfo(serverName, protocol, cipher, _chain, earliest, _seen && _errors == SslPolicyErrors.None, errors);
        }
    }
}
