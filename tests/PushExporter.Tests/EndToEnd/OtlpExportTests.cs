using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PushExporter.Testing;

namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// OTLP export switched on by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> alone: the real binary sends
/// each probe as a trace (one <c>probe</c> span, one child per phase that ran) and the metrics
/// of the contract, over OTLP/HTTP protobuf, to a receiver inside the test. No OTLP collector
/// is packaged by Debian 12 (its Prometheus, 2.42, predates the OTLP receiver), so the
/// receiver is a Kestrel endpoint that keeps the request bodies and reads them with
/// <see cref="ProtobufWire"/>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OtlpExportTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("otlp");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Otlp_endpoint_receives_each_probe_as_a_trace_with_a_span_per_phase_and_the_metrics()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiver.StartAsync(ct);
        var config = _directory.File("pushexporter.yml");
        await File.WriteAllTextAsync(config, ConfigFiles.RefusingTarget("edge_otlp", FreePort.Tcp()), ct);
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        };
        await using var exporter = ExporterProcess.Start(FreePort.Tcp(), environment, "--config.file", config);

        var (probe, children) = await Poll(() =>
        {
            var spans = receiver.Spans();
            var probe = spans.FirstOrDefault(s => s.Name == "probe" && s.Attributes.GetValueOrDefault("pushexporter.target") == "edge_otlp");
            var children = probe is null ? [] : spans.Where(s => s.ParentSpanId == probe.SpanId).ToList();
            return children.Any(c => c.Name == "connect") ? (probe, children) : default;
        }, "a probe span with its connect child", exporter);

        Assert.Equal("connect_failed", probe!.Attributes["pushexporter.reason"]);
        Assert.Equal("127.0.0.1", probe.Attributes["server.address"]);
        Assert.Equal(2, probe.StatusCode);
        Assert.All(children, c => Assert.Equal(probe.TraceId, c.TraceId));
        // An IP literal on a refused port: the phases that run are config, dns (no lookup) and connect.
        Assert.Equal(["config", "dns", "connect"], children.OrderBy(c => c.StartNanos).Select(c => c.Name));
        Assert.Equal(2, children.Single(c => c.Name == "connect").StatusCode);
        Assert.Contains(receiver.ServiceNames(), name => name == "pushexporter");

        var metrics = await Poll(() =>
        {
            var names = receiver.MetricNames();
            return names.Contains("pushexporter_probe_failures_total") && names.Contains("pushexporter_probe_success") ? names : null;
        }, "the contract's metrics", exporter);
        Assert.Contains("pushexporter_build_info", metrics);
    }

    private static async Task<T> Poll<T>(Func<T?> attempt, string what, ExporterProcess exporter)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (attempt() is { } found && !EqualityComparer<T>.Default.Equals(found, default))
            {
                return found;
            }

            Assert.False(deadline.IsCancellationRequested, $"no {what} received over OTLP after 30 s\n{exporter.Output}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    internal sealed record Span(string TraceId, string SpanId, string ParentSpanId, string Name, ulong StartNanos, int StatusCode, IReadOnlyDictionary<string, string> Attributes);

    /// <summary>POST /v1/traces and /v1/metrics on a free loopback port; every body kept.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<byte[]> _traces = new();
        private readonly ConcurrentQueue<byte[]> _metrics = new();

        private OtlpReceiver(WebApplication app, int port)
        {
            _app = app;
            Endpoint = $"http://127.0.0.1:{port}";
        }

        public string Endpoint { get; }

        public static async Task<OtlpReceiver> StartAsync(CancellationToken ct)
        {
            var port = FreePort.Tcp();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            var receiver = new OtlpReceiver(app, port);
            app.MapPost("/v1/traces", (HttpContext http) => Keep(http, receiver._traces));
            app.MapPost("/v1/metrics", (HttpContext http) => Keep(http, receiver._metrics));
            await app.StartAsync(ct);
            return receiver;
        }

        public List<Span> Spans()
        {
            var spans = new List<Span>();
            foreach (var body in _traces)
            {
                foreach (var resourceSpans in ProtobufWire.Read(body).Messages(1))
                {
                    foreach (var scopeSpans in resourceSpans.Messages(2))
                    {
                        spans.AddRange(scopeSpans.Messages(2).Select(ToSpan));
                    }
                }
            }

            return spans;
        }

        public List<string> ServiceNames() =>
            [.. _traces.SelectMany(body => ProtobufWire.Read(body).Messages(1))
                .SelectMany(resourceSpans => resourceSpans.Messages(1))
                .Select(resource => Attributes(resource, 1).GetValueOrDefault("service.name"))
                .OfType<string>()];

        public HashSet<string> MetricNames() =>
            [.. _metrics.SelectMany(body => ProtobufWire.Read(body).Messages(1))
                .SelectMany(resourceMetrics => resourceMetrics.Messages(2))
                .SelectMany(scopeMetrics => scopeMetrics.Messages(2))
                .Select(metric => metric.One(1)?.Text)
                .OfType<string>()];

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        /// <summary>Keeps the body; an empty protobuf message is a full success in OTLP.</summary>
        private static async Task Keep(HttpContext http, ConcurrentQueue<byte[]> bodies)
        {
            using var copy = new MemoryStream();
            await http.Request.Body.CopyToAsync(copy, http.RequestAborted);
            bodies.Enqueue(copy.ToArray());
            http.Response.ContentType = "application/x-protobuf";
        }

        private static Span ToSpan(List<ProtobufWire.Field> span) => new(
            TraceId: span.One(1)?.Hex ?? string.Empty,
            SpanId: span.One(2)?.Hex ?? string.Empty,
            ParentSpanId: span.One(4)?.Hex ?? string.Empty,
            Name: span.One(5)?.Text ?? string.Empty,
            StartNanos: span.One(7)?.Scalar ?? 0,
            StatusCode: (int)(span.Messages(15).FirstOrDefault()?.One(3)?.Scalar ?? 0),
            Attributes: Attributes(span, 9));

        /// <summary>KeyValue fields: string values as text, integers in decimal.</summary>
        private static Dictionary<string, string> Attributes(List<ProtobufWire.Field> message, int number)
        {
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in message.Messages(number))
            {
                var value = pair.Messages(2).FirstOrDefault();
                attributes[pair.One(1)?.Text ?? string.Empty] = value?.One(1)?.Text
                    ?? value?.One(3)?.Scalar.ToString(CultureInfo.InvariantCulture)
                    ?? string.Empty;
            }

            return attributes;
        }
    }
}
