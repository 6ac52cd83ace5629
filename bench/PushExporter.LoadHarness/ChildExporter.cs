using System.Diagnostics;
using System.Globalization;
using PushExporter.Testing;

namespace PushExporter.LoadHarness;

/// <summary>
/// An exporter under measurement, run as a child process on a free 127.0.0.1 port:
/// the real <c>pushexporter</c> (the native executable that <c>dotnet publish</c> makes, or a
/// <c>pushexporter.dll</c> run by <c>dotnet</c>) or Debian's <c>prometheus-blackbox-exporter</c>.
/// </summary>
internal sealed class ChildExporter : IAsyncDisposable
{
    private readonly PeerProcess _process;

    private ChildExporter(string name, PeerProcess process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name { get; }

    public int Port { get; }

    public int Pid => _process.Id;

    public HttpClient Http { get; }

    /// <summary>From just before the process was started to the first good answer of its readiness endpoint.</summary>
    public TimeSpan ReadyAfter { get; private set; }

    public ProcessSample Sample() => ProcessSample.Read(Pid);

    /// <summary>Starts <paramref name="executable"/>: the native <c>pushexporter</c>, or a <c>.dll</c> that <c>dotnet</c> runs.</summary>
    public static async Task<ChildExporter> StartPushExporterAsync(string executable, string configFile, IReadOnlyDictionary<string, string?> environment)
    {
        var port = FreePort.Tcp();
        string[] serve = ["serve", "--config.file", configFile, "--web.listen-address", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--log.level", "warn"];
        var native = !executable.EndsWith(".dll", StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        var process = native
            ? PeerProcess.Start(Path.GetFullPath(executable), "publish it first: dotnet publish -c Release src/PushExporter", serve, new PeerStartOptions { Environment = environment })
            : PeerProcess.Start("dotnet", "install the .NET SDK that global.json names", [executable, .. serve], new PeerStartOptions { Environment = environment });
        var exporter = new ChildExporter("pushexporter", process, port);
        await exporter.WaitReadyAsync("-/ready", clock);
        return exporter;
    }

    public static async Task<ChildExporter> StartBlackboxAsync(string configFile)
    {
        var port = FreePort.Tcp();
        var clock = Stopwatch.StartNew();
        var process = PeerProcess.Start("prometheus-blackbox-exporter", "apt-get install prometheus-blackbox-exporter",
            [$"--config.file={configFile}", $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--log.level=warn"]);
        var exporter = new ChildExporter("blackbox_exporter", process, port);
        await exporter.WaitReadyAsync("-/ready", clock);
        return exporter;
    }

    /// <summary>Fetches a page to the last byte and returns it with the time it took.</summary>
    public async Task<(string Body, TimeSpan Elapsed)> GetAsync(string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsStringAsync();
        clock.Stop();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{Name} GET /{path}: {(int)response.StatusCode} {body}");
        }

        return (body, clock.Elapsed);
    }

    /// <summary>
    /// A timed scrape as Prometheus makes one: the clock stops at the last byte of the body, which
    /// is counted and dropped (decoding 40 MB into a string is the harness's cost, not the
    /// exporter's). With <paramref name="gzip"/> it asks for gzip, as Prometheus does, and counts
    /// the compressed bytes.
    /// </summary>
    public async Task<(long Bytes, TimeSpan Elapsed)> TimedScrapeAsync(bool gzip)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("metrics", UriKind.Relative));
        if (gzip)
        {
            request.Headers.AcceptEncoding.ParseAdd("gzip");
        }

        var buffer = new byte[256 * 1024];
        var clock = Stopwatch.StartNew();
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var bytes = 0L;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
        }

        clock.Stop();
        if (gzip && !response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            throw new InvalidOperationException($"{Name} GET /metrics: asked for gzip, got {string.Join(',', response.Content.Headers.ContentEncoding)}");
        }

        return (bytes, clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }

    // Polls every 2 ms: the readiness time is a goal in milliseconds.
    private async Task WaitReadyAsync(string path, Stopwatch clock)
    {
        while (true)
        {
            if (_process.HasExited)
            {
                throw _process.Failure("ended before it was ready");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    ReadyAfter = clock.Elapsed;
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw _process.Failure($"/{path} not ready after 60 s");
            }

            await Task.Delay(2);
        }
    }
}
