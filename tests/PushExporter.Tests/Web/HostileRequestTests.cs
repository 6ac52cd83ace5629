using System.Diagnostics;
using System.Net;
using PushExporter.Tests.EndToEnd;

namespace PushExporter.Tests.Web;

/// <summary>
/// The HTTP side under hostile requests and hostile peers, against the real binary (issue 11,
/// findings 7 and 11, and the bound on concurrent <c>/probe</c> work).
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileRequestTests(HostileWebExporter exporter) : IClassFixture<HostileWebExporter>
{
    private const int ProbeLimit = PushExporter.Configuration.GlobalConfig.DefaultMaxConcurrentProbeRequests;

    [Theory]
    [InlineData("1e308")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("NaN")]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("1e-300")]
    [InlineData("ten")]
    [InlineData("79228162514264337593543950336")]
    public async Task A_scrape_timeout_header_of_any_value_is_clamped_never_a_500(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "probe?target=control_bytes");
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", header);
        var clock = Stopwatch.StartNew();
        using var response = await exporter.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Contains("probe_success", body, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < HostileWebExporter.Timeout + TimeSpan.FromSeconds(5), $"{clock.Elapsed}");
    }

    [Fact]
    public async Task A_huge_scrape_timeout_is_bounded_by_the_configured_probe_timeout()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "probe?target=silent");
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", "1e308");
        var clock = Stopwatch.StartNew();
        using var response = await exporter.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, ExpositionText.Parse(body).Value("probe_success"));
        Assert.Equal(1, ExpositionText.Parse(body).Value("probe_failure_reason", ("reason", "timeout")));
        Assert.InRange(clock.Elapsed, HostileWebExporter.Timeout - TimeSpan.FromMilliseconds(100), HostileWebExporter.Timeout + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Probes_beyond_the_limit_get_a_clear_503_at_once_while_metrics_answers_promptly()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Beyond = 8;

        // Every /probe of the silent Edge lasts the probe timeout: the first ProbeLimit hold every slot for that long.
        var probes = Enumerable.Range(0, ProbeLimit + Beyond).Select(async _ =>
        {
            var clock = Stopwatch.StartNew();
            using var response = await exporter.Http.GetAsync(new Uri("probe?target=silent", UriKind.Relative), ct);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(ct), response.Headers.RetryAfter, clock.Elapsed);
        }).ToList();

        var scrapes = new List<TimeSpan>();
        while (!probes.All(p => p.IsCompleted))
        {
            var clock = Stopwatch.StartNew();
            using var metrics = await exporter.Http.GetAsync(new Uri("metrics", UriKind.Relative), ct);
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            await metrics.Content.ReadAsStringAsync(ct);
            scrapes.Add(clock.Elapsed);
            await Task.WhenAny(Task.WhenAll(probes), Task.Delay(200, ct));
        }

        var answers = await Task.WhenAll(probes);
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.Equal(Beyond, refused.Count);
        Assert.All(refused, a =>
        {
            Assert.Contains($"{ProbeLimit} /probe requests are already running", a.Body, StringComparison.Ordinal);
            Assert.Contains("max_concurrent_probe_requests", a.Body, StringComparison.Ordinal);
            Assert.NotNull(a.RetryAfter);
            Assert.True(a.Elapsed < TimeSpan.FromSeconds(2), $"a refusal took {a.Elapsed}");
        });
        Assert.Equal(ProbeLimit, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.NotEmpty(scrapes);
        Assert.True(scrapes.Max() < TimeSpan.FromSeconds(2), $"/metrics took {string.Join(", ", scrapes.Select(s => s.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms");

        // Once they are done, the slots are free again.
        using var after = await exporter.Http.GetAsync(new Uri("probe?target=control_bytes", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Control_characters_from_a_peer_never_reach_the_status_page_and_every_response_carries_the_security_headers()
    {
        var ct = TestContext.Current.CancellationToken;
        await exporter.Process.WaitUntilAsync(
            async () => (await exporter.Http.GetStringAsync(new Uri("", UriKind.Relative), ct)).Contains("gnp.exe", StringComparison.Ordinal),
            "showing the control_bytes trace on the status page");

        using var response = await exporter.Http.GetAsync(new Uri("", UriKind.Relative), ct);
        var page = await response.Content.ReadAsStringAsync(ct);
        var forbidden = page.Where(c => (char.IsControl(c) && c is not ('\n' or '\t')) || c is '\u202e' or '\u202c').Select(c => $"U+{(int)c:X4}").Distinct().ToList();
        Assert.True(forbidden.Count == 0, "raw in the page: " + string.Join(", ", forbidden));
        Assert.Contains(@"before\x00nul \x1b[31mred\x1b[0m \x7f del \u0085 nel \u202egnp.exe\u202c after", page, StringComparison.Ordinal);

        AssertSecurityHeaders(response);
        Assert.Contains("default-src 'none'", string.Join(';', response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        foreach (var path in new[] { "metrics", "probe?target=control_bytes", "-/healthy", "probe" })
        {
            using var other = await exporter.Http.GetAsync(new Uri(path, UriKind.Relative), ct);
            AssertSecurityHeaders(other);
        }
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var where = response.RequestMessage?.RequestUri?.ToString();
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", where);
        Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var frames) && frames.Single() == "DENY", where);
        Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "no-referrer", where);
        Assert.True(response.Headers.Contains("Content-Security-Policy"), where);
    }
}
