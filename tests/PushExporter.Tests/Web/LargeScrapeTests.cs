using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PushExporter.Configuration;
using PushExporter.Hosting;
using PushExporter.Metrics;
using PushExporter.Probing;
using PushExporter.Testing;
using PushExporter.Tests.EndToEnd;
using PushExporter.Tests.Probing;
using PushExporter.Vocabulary;
using PushExporter.Web;

namespace PushExporter.Tests.Web;

/// <summary>
/// A /metrics page of several megabytes (3,000 targets with a recorded success and failure each): written a megabyte at a time, compressed beside the writer when gzip is asked
/// for. The gzip page must be the plain page, and a client that leaves half-way must cost nothing
/// but its own answer.
/// </summary>
public sealed class LargeScrapeTests : IAsyncLifetime
{
    private const int Targets = 3000;

    private WebApplication? _app;
    private HttpClient _http = new();

    public async ValueTask InitializeAsync()
    {
        var yaml = new StringBuilder("targets:\n");
        for (var i = 0; i < Targets; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: edge-{i:D5}\n    access_edge_fqdn: edge-{i:D5}.test\n");
        }

        var loaded = ConfigLoader.Parse(yaml.ToString(), "large.yml", Path.GetTempPath());
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Errors));
        var port = FreePort.Tcp();
        // A clock that never moves: no timer probes, so the contract's series stay as recorded here.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _app = ExporterEndpoints.Map(ExporterApp.Build(new ServeOptions { ListenAddress = $"127.0.0.1:{port}", LogLevel = "error" }, null, loaded.Config, time));
        var store = _app.Services.GetRequiredService<TargetStateStore>();
        var latency = _app.Services.GetRequiredService<ProbeLatencyHistograms>();
        foreach (var target in loaded.Config.Targets)
        {
            foreach (var result in new[] { TestResults.Success(target.Name, time.GetUtcNow()), TestResults.Failure(target.Name, time.GetUtcNow(), FailureReasons.ServerTimeout) })
            {
                store.Record(result);
                latency.Observe(result);
            }
        }

        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_gzip_page_of_several_megabytes_is_the_plain_page()
    {
        var ct = TestContext.Current.CancellationToken;
        var plain = await _http.GetStringAsync("metrics", ct);

        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(ct), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var unzipped = await reader.ReadToEndAsync(ct);

        // Several flushes and more than the compressor's pipe holds before the writer waits.
        Assert.True(plain.Length > 6 * 1024 * 1024, $"the page is {plain.Length} bytes");
        // The process and runtime families change between two scrapes; the contract's do not.
        Assert.Equal(Contract(plain), Contract(unzipped));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_that_leaves_half_way_costs_only_its_own_answer(bool gzip)
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
            if (gzip)
            {
                request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[16 * 1024];
            Assert.True(await body.ReadAsync(buffer, ct) > 0);
        }

        var page = await _http.GetStringAsync("metrics", ct);
        Assert.Equal(Targets, ExpositionText.Parse(page).Count(s => s.Name == "pushexporter_probes_total"));
        Assert.EndsWith("\n", page, StringComparison.Ordinal);
    }

    private static string[] Contract(string page) =>
        [.. page.Split('\n').Where(line => line.StartsWith("pushexporter_", StringComparison.Ordinal) || line.StartsWith("# TYPE pushexporter_", StringComparison.Ordinal) || line.StartsWith("# HELP pushexporter_", StringComparison.Ordinal))];
}
