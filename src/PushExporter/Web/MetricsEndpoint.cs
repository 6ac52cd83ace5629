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

    // Up to four megabytes of text may wait for the compressor before the writer waits for it.
    private static readonly PipeOptions _compressionPipe = new(pauseWriterThreshold: 4 * 1024 * 1024, resumeWriterThreshold: 2 * 1024 * 1024, useSynchronizationContext: false);

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
            // Compressing is as much work as writing the text: the two run side by side, a
            // megabyte at a time, through a pipe between them.
            var pipe = new Pipe(_compressionPipe);
            var compressing = CompressAsync(pipe.Reader, response, ct);
            try
            {
                await WriteAllAsync(http, runtime, pipe.Writer, exposition, ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The writer's failure is the one to report; the compressor ends on it too.
                await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
                await compressing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }

            await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            await compressing.ConfigureAwait(false);
        }
        else
        {
            await WriteAllAsync(http, runtime, http.Response.BodyWriter, exposition, ct).ConfigureAwait(false);
        }
    }

    private static async Task CompressAsync(PipeReader text, Stream response, CancellationToken ct)
    {
        // On the thread pool, so that it runs beside the writer rather than inside its flushes.
        await Task.Yield();
        try
        {
            await using var compressed = new GZipStream(response, CompressionLevel.Fastest, leaveOpen: true);
            await text.CopyToAsync(compressed, ct).ConfigureAwait(false);
            await text.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await text.CompleteAsync(e).ConfigureAwait(false);
            throw;
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
