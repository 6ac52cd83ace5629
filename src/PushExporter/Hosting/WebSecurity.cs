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

            var certificate = X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile);
            X509Certificate2Collection? clientCas = null;
            if (tls.ClientCaFile is not null)
            {
                clientCas = [];
                clientCas.ImportFromPemFile(tls.ClientCaFile);
            }

            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                https.SslProtocols = tls.MinVersion == System.Security.Authentication.SslProtocols.Tls13
                    ? System.Security.Authentication.SslProtocols.Tls13
                    : System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
                https.ClientCertificateMode = tls.ClientAuthType switch
                {
                    ClientAuthType.RequireAnyClientCert or ClientAuthType.RequireAndVerifyClientCert => ClientCertificateMode.RequireCertificate,
                    ClientAuthType.RequestClientCert or ClientAuthType.VerifyClientCertIfGiven => ClientCertificateMode.AllowCertificate,
                    _ => ClientCertificateMode.NoCertificate,
                };
                https.ClientCertificateValidation = (client, _, errors) => Verify(tls.ClientAuthType, clientCas, client);
            });
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
        app.Use(async (context, next) =>
        {
            if (TryReadCredentials(context.Request, out var user, out var password) && verifier.Verify(user, password))
            {
                await next(context).ConfigureAwait(false);
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
