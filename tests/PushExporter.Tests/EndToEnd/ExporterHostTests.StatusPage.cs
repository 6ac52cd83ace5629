using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PushExporter.Testing;

namespace PushExporter.Tests.EndToEnd;

// Part of ExporterHostTests so that it uses the same in-process host: two in-process hosts one after
// the other in this test process disturb each other's /metrics (probes_total went missing).

/// <summary>
/// The status page in headless Chromium (Debian <c>chromium</c>, driven by Playwright) while the
/// host probes the real scenario peers: failing and succeeding targets with reason and fix,
/// recent probes with timestamps and traces that unfold, and no request leaving the exporter.
/// With <c>PUSHEXPORTER_UPDATE_SCREENSHOT=1</c> it rewrites <c>docs/images/status-page.png</c>,
/// the picture the README shows.
/// </summary>
public sealed partial class ExporterHostTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] _chromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

    [Fact]
    public async Task Status_page_shows_targets_recent_probes_and_loads_nothing_external()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} not found: apt-get install chromium");
        await WaitForFirstResults("ok_tls", "refused", "missing_srv_diagnostics");

        // Playwright's driver ships in the NuGet package; the browser is Debian's, never a download.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = _chromiumArgs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var requests = new ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Url);
        var console = new ConcurrentQueue<string>();
        page.Console += (_, message) => console.Enqueue(message.Text);

        var origin = _http.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var response = await page.GotoAsync(origin + "/", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);

        // The page satisfies its own content security policy: the browser applied the style sheet and refused nothing.
        var headers = await response.AllHeadersAsync();
        Assert.StartsWith("default-src 'none'; style-src 'sha256-", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);
        Assert.Equal("rgb(31, 136, 61)", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('#targets span.ok')).backgroundColor"));
        Assert.DoesNotContain(console, text => text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));

        // A succeeding and two failing targets, each with its reason and the admin's fix.
        var ok = page.Locator("#targets tr[data-target=\"ok_tls\"]");
        Assert.Equal("OK", (await ok.Locator("td.state").InnerTextAsync()).Trim());
        Assert.Equal("", (await ok.Locator("td.reason").InnerTextAsync()).Trim());
        var refused = page.Locator("#targets tr[data-target=\"refused\"]");
        Assert.Equal("FAILING", (await refused.Locator("td.state").InnerTextAsync()).Trim());
        Assert.Equal("connect_failed", (await refused.Locator("td.reason").InnerTextAsync()).Trim());
        Assert.Contains("Test-CsAVEdgeConnectivity", await refused.Locator("td.fix").InnerTextAsync(), StringComparison.Ordinal);
        var srv = page.Locator("#targets tr[data-target=\"missing_srv_diagnostics\"]");
        Assert.Equal("missing_srv", (await srv.Locator("td.reason").InnerTextAsync()).Trim());
        Assert.Contains("1008", await srv.Locator("td.diagnosis").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("_sipfederationtls._tcp.", await srv.Locator("td.fix").InnerTextAsync(), StringComparison.Ordinal);

        // Recent probes: timestamped rows whose trace is folded until clicked.
        var rows = page.Locator("#history tbody tr");
        Assert.True(await rows.CountAsync() >= 3);
        Assert.Matches(Stamp(), await rows.First.Locator("td").First.InnerTextAsync());
        var okProbe = page.Locator("#history tbody tr[data-target=\"ok_tls\"]").First;
        var trace = okProbe.Locator("details pre");
        Assert.False(await trace.IsVisibleAsync());
        await okProbe.Locator("details summary").ClickAsync();
        Assert.True(await trace.IsVisibleAsync());
        Assert.Contains("OPTIONS sip:push@push.lync.com SIP/2.0", await trace.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("SIP/2.0 200", await trace.InnerTextAsync(), StringComparison.Ordinal);

        // No font, script, style or image from anywhere but the exporter itself.
        Assert.NotEmpty(requests);
        Assert.All(requests, url => Assert.StartsWith(origin + "/", url, StringComparison.Ordinal));

        await okProbe.Locator("details summary").ClickAsync();
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        var screenshot = await page.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png });
        Assert.NotEmpty(screenshot);
        if (Environment.GetEnvironmentVariable("PUSHEXPORTER_UPDATE_SCREENSHOT") == "1")
        {
            var path = RepositoryRoot.Combine("docs", "images", "status-page.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, screenshot, TestContext.Current.CancellationToken);
        }
    }

    private async Task WaitForFirstResults(params string[] targets)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var samples = ExpositionText.Parse(await _http.GetStringAsync(new Uri("metrics", UriKind.Relative), deadline.Token));
            if (targets.All(t => samples.Value("pushexporter_probe_last_run_timestamp_seconds", ("target", t)) is not null))
            {
                return;
            }

            await Task.Delay(200, deadline.Token);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$")]
    private static partial Regex Stamp();
}
