using System.Diagnostics;
using System.Globalization;
using PushExporter.Testing;

namespace PushExporter.LoadHarness;

/// <summary>
/// The exporter under soak: the native <c>pushexporter</c> (or a <c>pushexporter.dll</c> through
/// <c>dotnet</c>) on a free 127.0.0.1 port. Every call first checks that the process is still
/// there, and a <c>/metrics</c> that does not answer within the deadline fails the soak.
/// </summary>
internal sealed class SoakExporter : IAsyncDisposable
{
    private readonly PeerProcess _process;
    private readonly HttpClient _http;
    private readonly TimeSpan _deadline;

    private SoakExporter(PeerProcess process, int port, TimeSpan deadline)
    {
        _process = process;
        _deadline = deadline;
        _http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"),
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    public int Pid => _process.Id;

    public static async Task<SoakExporter> StartAsync(string exporter, string configFile, TimeSpan deadline)
    {
        var port = FreePort.Tcp();
        string[] serve = ["serve", "--config.file", configFile, "--web.listen-address", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--log.level", "warn"];
        var process = exporter.EndsWith(".dll", StringComparison.Ordinal)
            ? PeerProcess.Start("dotnet", "dotnet-sdk-10.0", [exporter, .. serve])
            : PeerProcess.Start(Path.GetFullPath(exporter), "nothing: publish it with dotnet publish -c Release src/PushExporter -o DIR", serve);
        var child = new SoakExporter(process, port, deadline);
        await process.WaitUntilAsync(child.ReadyAsync, "ready at /-/ready", TimeSpan.FromSeconds(60));
        if (child.IgnoresHangup())
        {
            await child.DisposeAsync();
            throw new PeerException("the exporter inherited SIGHUP as ignored (started under nohup?), so SIGHUP cannot reload it: run the soak without nohup, e.g. with setsid");
        }

        return child;
    }

    /// <summary>RSS, CPU, threads and open file descriptors, from /proc.</summary>
    public (ProcessSample Process, int Threads, int OpenFds) Sample()
    {
        EnsureRunning();
        var process = ProcessSample.Read(Pid);
        var threads = File.ReadLines($"/proc/{Pid}/status")
            .Where(l => l.StartsWith("Threads:", StringComparison.Ordinal))
            .Select(l => int.Parse(l["Threads:".Length..].Trim(), CultureInfo.InvariantCulture))
            .Single();
        return (process, threads, Directory.EnumerateFileSystemEntries($"/proc/{Pid}/fd").Count());
    }

    // An ignored signal stays ignored across exec, and .NET keeps it so: bit 0 of SigIgn is SIGHUP.
    private bool IgnoresHangup() => File.ReadLines($"/proc/{Pid}/status")
        .Where(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))
        .Any(l => (ulong.Parse(l["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 1) != 0);

    /// <summary>The whole /metrics page and the wall time to its last byte.</summary>
    public async Task<(string Body, TimeSpan Elapsed)> ScrapeAsync()
    {
        var (status, body, elapsed) = await SendAsync(HttpMethod.Get, "metrics");
        return status == 200 ? (body, elapsed) : throw Failure($"GET /metrics answered {status}: {body}");
    }

    /// <summary>POST /-/reload: its status code and body.</summary>
    public async Task<(int Status, string Body)> PostReloadAsync()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "-/reload");
        return (status, body);
    }

    public async Task SignalHangupAsync()
    {
        EnsureRunning();
        await _process.SignalAsync("HUP");
    }

    public void EnsureRunning()
    {
        if (_process.HasExited)
        {
            throw Failure("the exporter process ended");
        }
    }

    /// <summary>A failure that carries the exporter's state and its last output lines.</summary>
    public PeerException Failure(string message) => _process.Failure(message);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }

    private async Task<(int Status, string Body, TimeSpan Elapsed)> SendAsync(HttpMethod method, string path)
    {
        EnsureRunning();
        using var deadline = new CancellationTokenSource(_deadline);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            return ((int)response.StatusCode, body, clock.Elapsed);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw Failure($"{method} /{path} did not answer within {_deadline.TotalSeconds:F0} s");
        }
        catch (HttpRequestException e)
        {
            throw Failure($"{method} /{path} failed: {e.Message}");
        }
    }

    private async Task<bool> ReadyAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative), deadline.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && deadline.IsCancellationRequested))
        {
            return false;
        }
    }
}
