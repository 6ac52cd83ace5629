using System.Globalization;
using System.Text;
using PushExporter.Configuration;
using PushExporter.Metrics;
using PushExporter.Probing;

namespace PushExporter.Web;

/// <summary>
/// <c>/probe?target=NAME[&amp;module=M][&amp;debug=true]</c>: one synchronous probe, blackbox style.
/// The deadline is Prometheus's scrape timeout (<c>X-Prometheus-Scrape-Timeout-Seconds</c>)
/// less a small offset, so the answer arrives before Prometheus gives up.
/// </summary>
internal static class ProbeEndpoint
{
    /// <summary>Room left for writing the answer before Prometheus's own timeout.</summary>
    public static readonly TimeSpan ScrapeTimeoutOffset = TimeSpan.FromMilliseconds(500);

    public static async Task HandleAsync(HttpContext http, ConfigHolder holder, ProbeRunner runner)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(runner);
        var config = holder.Current;
        var query = http.Request.Query;
        var name = query["target"].ToString();
        if (string.IsNullOrWhiteSpace(name))
        {
            await BadRequest(http, "the target parameter is missing: /probe?target=NAME").ConfigureAwait(false);
            return;
        }

        var module = query["module"].ToString();
        var target = TargetLookup.Find(config, name, module.Length > 0 ? module : null, config.Global.AllowAdhocTargets, out var error);
        if (target is null)
        {
            await BadRequest(http, error!).ConfigureAwait(false);
            return;
        }

        TimeSpan? deadline = null;
        if (http.Request.Headers.TryGetValue("X-Prometheus-Scrape-Timeout-Seconds", out var header)
            && double.TryParse(header.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            var budget = TimeSpan.FromSeconds(seconds) - ScrapeTimeoutOffset;
            deadline = budget > TimeSpan.Zero ? budget : TimeSpan.FromSeconds(seconds / 2);
        }

        var result = await runner.RunAsync(config, target, module.Length > 0 ? module : null, deadline, http.RequestAborted).ConfigureAwait(false);
        if (string.Equals(query["debug"], "true", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            var text = new StringBuilder();
            text.Append(ProbeReport.Text(result)).Append("\nTrace:\n").Append(result.Trace).Append("\nMetrics that would have been returned:\n");
            await http.Response.WriteAsync(text.ToString(), http.RequestAborted).ConfigureAwait(false);
            await ProbeExposition.WriteAsync(result, http.Response.Body, http.RequestAborted).ConfigureAwait(false);
            return;
        }

        http.Response.ContentType = ProbeExposition.ContentType;
        await ProbeExposition.WriteAsync(result, http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }

    private static Task BadRequest(HttpContext http, string message)
    {
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(message + "\n", http.RequestAborted);
    }
}
