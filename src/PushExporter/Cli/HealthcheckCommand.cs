using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using PushExporter.Hosting;

namespace PushExporter.Cli;

/// <summary>
/// <c>pushexporter healthcheck</c>: asks a running exporter's /-/healthy, so a container
/// HEALTHCHECK needs no shell tool in the image. Exit 0 when healthy, 1 otherwise.
/// With <c>--web.config.file</c> (the file <c>serve</c> was given) it speaks HTTPS when TLS is
/// on, trusting exactly the configured server certificate; the file holds bcrypt hashes, not
/// passwords, so when basic auth is on a 401 carrying the Basic challenge counts as an answer.
/// </summary>
internal static class HealthcheckCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var address = new Option<string>("--web.listen-address") { Description = "The exporter's listen address.", DefaultValueFactory = _ => ServeOptions.DefaultListenAddress };
        var webConfigFile = new Option<string>("--web.config.file") { Description = "The exporter's web configuration: picks https and trusts its certificate." };
        var socket = CommandLine.HealthSocketOption("Ask serve's health socket instead of --web.listen-address: works whatever TLS, client certificates or passwords the listener requires.");
        var command = new Command("healthcheck", "Exit 0 if the exporter answers /-/healthy (on its health socket, else at --web.listen-address).") { address, webConfigFile, socket };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (parsed.GetValue(socket) is { Length: > 0 } socketPath)
            {
                return await AskSocketAsync(socketPath, output, error, cancellationToken).ConfigureAwait(false);
            }

            if (!ListenAddress.TryParse(parsed.GetValue(address)!, out var endPoint, out var problem))
            {
                await error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            if (!CommandLine.TryLoadWebConfig(parsed.GetValue(webConfigFile), error, out var web, out _))
            {
                return ExitCodes.BadUsage;
            }

            if (web?.Tls is { ClientAuthType: ClientAuthType.RequireAnyClientCert or ClientAuthType.RequireAndVerifyClientCert })
            {
                await error.WriteLineAsync("cannot check: the listener requires a client certificate, which healthcheck does not have").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            var host = endPoint.Address.Equals(IPAddress.Any) ? "127.0.0.1" : endPoint.Address.ToString();
            var scheme = web?.Tls is null ? "http" : "https";
            using var handler = new HttpClientHandler();
            if (web?.Tls is { } tls)
            {
                // Pinned to the certificate serve presents: no name or CA to get right for a loopback check.
                using var pinned = X509Certificate2.CreateFromPem(File.ReadAllText(tls.CertFile));
                var expected = pinned.RawData;
                handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.RawDataMemory.Span.SequenceEqual(expected);
            }

            using var http = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await http.GetAsync(new Uri($"{scheme}://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{endPoint.Port}/-/healthy"), cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"{(int)response.StatusCode} {response.ReasonPhrase}").ConfigureAwait(false);
                var challenged = response.StatusCode == HttpStatusCode.Unauthorized
                    && web?.BasicAuthUsers.Count > 0
                    && response.Headers.WwwAuthenticate.Any(c => c.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase));
                if (challenged)
                {
                    await output.WriteLineAsync("basic auth is on: the exporter answers").ConfigureAwait(false);
                }

                return response.IsSuccessStatusCode || challenged ? ExitCodes.Success : ExitCodes.ProbeFailed;
            }
            catch (HttpRequestException exception)
            {
                await error.WriteLineAsync($"unhealthy: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.ProbeFailed;
            }
        });
        return command;
    }

    private static async Task<int> AskSocketAsync(string path, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await unix.ConnectAsync(new UnixDomainSocketEndPoint(path), token).ConfigureAwait(false);
                    return new NetworkStream(unix, ownsSocket: true);
                }
                catch
                {
                    unix.Dispose();
                    throw;
                }
            },
        };
        using var http = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri("http://localhost/-/healthy"), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"{(int)response.StatusCode} {response.ReasonPhrase} (health socket {path})").ConfigureAwait(false);
            return response.IsSuccessStatusCode ? ExitCodes.Success : ExitCodes.ProbeFailed;
        }
        catch (HttpRequestException exception)
        {
            await error.WriteLineAsync($"unhealthy: health socket {path}: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.ProbeFailed;
        }
    }
}
