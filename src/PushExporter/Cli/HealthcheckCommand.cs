using System.CommandLine;
using PushExporter.Web;

namespace PushExporter.Cli;

/// <summary>
/// <c>pushexporter healthcheck</c>: asks a running exporter's /-/healthy, so a container
/// HEALTHCHECK needs no shell tool in the image. Exit 0 when healthy, 1 otherwise.
/// </summary>
internal static class HealthcheckCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var address = new Option<string>("--web.listen-address") { Description = "The exporter's listen address.", DefaultValueFactory = _ => ServeOptions.DefaultListenAddress };
        var command = new Command("healthcheck", "Exit 0 if the exporter at --web.listen-address answers /-/healthy.") { address };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (!ListenAddress.TryParse(parsed.GetValue(address)!, out var endPoint, out var problem))
            {
                await error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            var host = endPoint.Address.Equals(System.Net.IPAddress.Any) ? "127.0.0.1" : endPoint.Address.ToString();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await http.GetAsync(new Uri($"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{endPoint.Port}/-/healthy"), cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"{(int)response.StatusCode} {response.ReasonPhrase}").ConfigureAwait(false);
                return response.IsSuccessStatusCode ? ExitCodes.Success : ExitCodes.ProbeFailed;
            }
            catch (HttpRequestException exception)
            {
                await error.WriteLineAsync($"unhealthy: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.ProbeFailed;
            }
        });
        return command;
    }
}
