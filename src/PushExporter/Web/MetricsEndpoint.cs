using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using PushExporter.Metrics;

namespace PushExporter.Web;

/// <summary>
/// <c>/metrics</c>: the OpenTelemetry Prometheus exporter writes the process and runtime families
/// (and picks the format from the Accept header); the contract's <c>pushexporter_*</c> families
/// follow, written by <see cref="MetricsExposition"/>. They sort after <c>dotnet_*</c> and
/// <c>process_*</c>, so the whole text is in the order the exporter gave it when it wrote them all;
/// in OpenMetrics the exporter's <c># EOF</c> moves to the end.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    private static readonly ReadOnlyMemory<byte> _eof = "# EOF\n"u8.ToArray();

    public static void Map(WebApplication app, MetricsExposition exposition)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: null,
            path: Path,
            configureBranchedPipeline: branch => branch.Use(sdk => http => WriteAsync(http, sdk, exposition)),
            optionsName: null);
    }

    private static async Task WriteAsync(HttpContext http, RequestDelegate sdk, MetricsExposition exposition)
    {
        // The exporter would gzip its part alone; the whole response is compressed here instead.
        var gzip = http.Request.Headers.AcceptEncoding.Any(e => e?.Contains("gzip", StringComparison.OrdinalIgnoreCase) == true);
        http.Request.Headers.AcceptEncoding = default;
        var response = http.Response.Body;
        // The process and runtime families: a few kilobytes.
        using var runtime = new MemoryStream();
        http.Response.Body = runtime;
        try
        {
            await sdk(http).ConfigureAwait(false);
        }
        finally
        {
            http.Response.Body = response;
        }

        var ct = http.RequestAborted;
        if (gzip && http.Response.StatusCode == StatusCodes.Status200OK)
        {
            http.Response.Headers.ContentEncoding = "gzip";
            http.Response.Headers.Vary = "Accept-Encoding";
            await using var compressed = new GZipStream(response, CompressionLevel.Fastest, leaveOpen: true);
            var pipe = PipeWriter.Create(compressed, new StreamPipeWriterOptions(leaveOpen: true));
            await WriteAllAsync(http, runtime, pipe, exposition, ct).ConfigureAwait(false);
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
        else
        {
            await WriteAllAsync(http, runtime, http.Response.BodyWriter, exposition, ct).ConfigureAwait(false);
        }
    }

    private static async Task WriteAllAsync(HttpContext http, MemoryStream runtime, PipeWriter body, MetricsExposition exposition, CancellationToken ct)
    {
        var written = runtime.GetBuffer().AsMemory(0, (int)runtime.Length);
        if (http.Response.StatusCode != StatusCodes.Status200OK)
        {
            await body.WriteAsync(written, ct).ConfigureAwait(false);
            return;
        }

        var openMetrics = http.Response.ContentType?.StartsWith("application/openmetrics-text", StringComparison.Ordinal) == true;
        if (openMetrics && written.Span.EndsWith(_eof.Span))
        {
            written = written[..^_eof.Length];
        }

        body.Write(written.Span);
        await exposition.WriteAsync(body, openMetrics, ct).ConfigureAwait(false);
        if (openMetrics)
        {
            await body.WriteAsync(_eof, ct).ConfigureAwait(false);
        }
    }
}
