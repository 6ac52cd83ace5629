using System.Globalization;
using System.Text;
using PushExporter.Configuration;
using PushExporter.Metrics;
using PushExporter.Probing;

namespace PushExporter.Web;

/// <summary>
/// <c>/probe?target=NAME[&amp;module=M][&amp;debug=true]</c>: one synchronous probe, blackbox style.
/// The deadline is Prometheus's scrape timeout (<c>X-Prometheus-Scrape-Timeout-Seconds</c>)
/// less a small offset, so the answer arrives before Prometheus gives up; never more than the
/// configured timeout, whatever the header says. At most
/// <see cref="GlobalConfig.MaxConcurrentProbeRequests"/> run at once: one more is answered 503
/// at once, so that a flood of probes cannot hold every socket and thread of the host.
/// </summary>
internal static class ProbeEndpoint
{
    /// <summary>Room left for writing the answer before Prometheus's own timeout.</summary>
    public static readonly TimeSpan ScrapeTimeoutOffset = TimeSpan.FromMilliseconds(500);

    public static async Task HandleAsync(HttpContext http, ConfigHolder holder, ProbeRunner runner, ProbeRequestCount running)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(running);
        var config = holder.Current;
        var query = http.Request.Query;
        var name = query["target"].ToString();
        if (string.IsNullOrWhiteSpace(name))
        {
            await Refuse(http, StatusCodes.Status400BadRequest, "the target parameter is missing: /probe?target=NAME").ConfigureAwait(false);
            return;
        }

        var module = query["module"].ToString();
        var target = TargetLookup.Find(config, name, module.Length > 0 ? module : null, config.Global.AllowAdhocTargets, out var error);
        if (target is null)
        {
            await Refuse(http, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
            return;
        }

        var limit = config.Global.MaxConcurrentProbeRequests;
        if (!running.TryEnter(limit))
        {
            http.Response.Headers.RetryAfter = "1";
            await Refuse(http, StatusCodes.Status503ServiceUnavailable, string.Create(CultureInfo.InvariantCulture, $"{limit} /probe requests are already running (global.max_concurrent_probe_requests); try again later")).ConfigureAwait(false);
            return;
        }

        ProbeResult result;
        try
        {
            var deadline = Deadline(http.Request.Headers["X-Prometheus-Scrape-Timeout-Seconds"].ToString(), config.Global.Timeout);
            result = await runner.RunAsync(config, target, module.Length > 0 ? module : null, deadline, http.RequestAborted).ConfigureAwait(false);
        }
        catch (AdhocTargetRefusedException refused)
        {
            await Refuse(http, StatusCodes.Status403Forbidden, $"ad hoc target \"{name}\" refused: {refused.Message}").ConfigureAwait(false);
            return;
        }
        finally
        {
            running.Exit();
        }

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

    /// <summary>
    /// The probe's deadline for a scrape-timeout header: the header less <see cref="ScrapeTimeoutOffset"/>
    /// (half the header when that leaves nothing), never beyond <paramref name="timeout"/>; null — the
    /// configured timeout — when the header is absent or not a positive finite number of seconds.
    /// </summary>
    internal static TimeSpan? Deadline(string header, TimeSpan timeout)
    {
        if (!double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds <= 0)
        {
            return null;
        }

        // Clamped while still a double: 1e308 seconds does not fit in a TimeSpan.
        var bounded = Math.Min(seconds, timeout.TotalSeconds + ScrapeTimeoutOffset.TotalSeconds);
        var budget = bounded - ScrapeTimeoutOffset.TotalSeconds;
        return TimeSpan.FromSeconds(budget > 0 ? budget : bounded / 2);
    }

    private static Task Refuse(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(message + "\n", http.RequestAborted);
    }
}
