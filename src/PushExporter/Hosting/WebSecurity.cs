using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace PushExporter.Hosting;

/// <summary>
/// Applies <c>--web.config.file</c> (the Prometheus exporter-toolkit format): TLS on the
/// listener with optional client-certificate authentication, and HTTP basic auth against
/// bcrypt hashes on every endpoint. Passwords and keys are never logged.
/// </summary>
internal static class WebSecurity
{
    public static void ConfigureListener(KestrelServerOptions kestrel, string listenAddress, WebConfig? config)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        if (!ListenAddress.TryParse(listenAddress, out var endPoint, out var error))
        {
            throw new ArgumentException(error, nameof(listenAddress));
        }

        kestrel.Listen(endPoint, listen =>
        {
            if (config?.Tls is not { } tls)
            {
                return;
            }

            listen.Protocols = config.Http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
            var certificate = X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile);
            X509Certificate2Collection? clientCas = null;
            if (tls.ClientCaFile is not null)
            {
                clientCas = [];
                clientCas.ImportFromPemFile(tls.ClientCaFile);
            }

            var cipherSuites = CipherSuitesPolicy(tls);
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                https.SslProtocols = tls.Protocols;
                https.ClientCertificateMode = tls.ClientAuthType switch
                {
                    ClientAuthType.RequireAnyClientCert or ClientAuthType.RequireAndVerifyClientCert => ClientCertificateMode.RequireCertificate,
                    ClientAuthType.RequestClientCert or ClientAuthType.VerifyClientCertIfGiven => ClientCertificateMode.AllowCertificate,
                    _ => ClientCertificateMode.NoCertificate,
                };
                https.ClientCertificateValidation = (client, _, errors) => Verify(tls.ClientAuthType, clientCas, client) && Allowed(tls.ClientAllowedSans, client);
                if (cipherSuites is not null)
                {
                    https.OnAuthenticate = (_, options) => options.CipherSuitesPolicy = cipherSuites;
                }
            });
        });
    }

    // cipher_suites names TLS 1.2 suites; as in Go, TLS 1.3's own suites stay on. Only Linux and macOS take a policy.
    private static CipherSuitesPolicy? CipherSuitesPolicy(TlsServerConfig tls) =>
        tls.CipherSuites is { } suites && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            ? new CipherSuitesPolicy([.. suites, TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256])
            : null;

    // client_allowed_sans: one of the certificate's DNS or IP subject alternative names must be listed (.NET reads no others).
    private static bool Allowed(IReadOnlyList<string> allowed, X509Certificate2 client)
    {
        if (allowed.Count == 0)
        {
            return true;
        }

        var extension = client.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
        {
            return false;
        }

        var names = extension.EnumerateDnsNames().Concat(extension.EnumerateIPAddresses().Select(a => a.ToString()));
        return names.Any(name => allowed.Contains(name, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The headers every response carries, as the response starts, unless
    /// <c>http_server_config.headers</c> or the endpoint set them already: no content sniffing,
    /// no framing, no referrer, and a content security policy that allows nothing (the status
    /// page sets its own, which allows its style sheet).
    /// </summary>
    public static void UseSecurityHeaders(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.TryAdd("X-Content-Type-Options", "nosniff");
                headers.TryAdd("X-Frame-Options", "DENY");
                headers.TryAdd("Referrer-Policy", "no-referrer");
                headers.TryAdd("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
    }

    /// <summary>Requires basic auth on every endpoint when the web config names users.</summary>
    public static void UseBasicAuth(WebApplication app, WebConfig? config)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (config is null)
        {
            return;
        }

        var headers = config.Headers;
        if (headers.Count > 0)
        {
            app.Use((context, next) =>
            {
                foreach (var (name, value) in headers)
                {
                    context.Response.Headers[name] = value;
                }

                return next(context);
            });
        }

        if (config.BasicAuthUsers.Count == 0)
        {
            return;
        }

        var verifier = new BasicAuthVerifier(config.BasicAuthUsers);
        app.Lifetime.ApplicationStopped.Register(verifier.Dispose);
        app.Use(async (context, next) =>
        {
            // The health socket has only the health endpoints and no passwords: its file is its guard.
            var outcome = HealthSocket.Carries(context) ? BasicAuthOutcome.Verified
                : TryReadCredentials(context.Request, out var user, out var password)
                    ? await verifier.VerifyAsync(user, password, context.RequestAborted).ConfigureAwait(false)
                    : BasicAuthOutcome.Refused;
            if (outcome == BasicAuthOutcome.Verified)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            if (outcome == BasicAuthOutcome.Busy)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsync("Too many password checks in progress, try again\n").ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"pushexporter\", charset=\"UTF-8\"";
            await context.Response.WriteAsync("Unauthorized\n").ConfigureAwait(false);
        });
    }

    private static bool Verify(ClientAuthType mode, X509Certificate2Collection? cas, X509Certificate2 client)
    {
        if (mode is ClientAuthType.RequestClientCert or ClientAuthType.RequireAnyClientCert)
        {
            return true;
        }

        if (cas is null || cas.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        return chain.Build(client);
    }

    private static bool TryReadCredentials(HttpRequest request, out string user, out string password)
    {
        user = password = string.Empty;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[Math.Min(header.Length, 1024)];
        if (!Convert.TryFromBase64String(header[6..].Trim(), decoded, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(decoded[..length]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        user = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }
}
