using System.Net;
using PushExporter.Testing;

namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// The real <c>pushexporter</c> binary (<c>dotnet pushexporter.dll serve ...</c> from the test
/// output directory) as a <see cref="PeerProcess"/>: every line it writes kept in full, so that
/// a test can read its logs as an operator would, and signals sent with <c>kill</c>.
/// </summary>
public sealed class ExporterProcess : IAsyncDisposable
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    private readonly PeerProcess _process;

    private ExporterProcess(PeerProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Every line written to stdout so far.</summary>
    public IReadOnlyList<string> StdoutLines => _process.StdoutLines;

    /// <summary>stdout and stderr, for assertion messages and secret scans.</summary>
    public string Output => $"--- stdout\n{string.Join('\n', _process.StdoutLines)}\n--- stderr\n{string.Join('\n', _process.StderrLines)}";

    /// <summary>Starts <c>serve</c> on a free loopback port with <paramref name="arguments"/> appended.</summary>
    public static ExporterProcess Start(int port, params string[] arguments) => Start(port, new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Start(int, string[])"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static ExporterProcess Start(int port, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start(port, environment, hangupIgnored: false, arguments);

    /// <summary>As <see cref="Start(int, string[])"/>, started through <c>nohup</c>: SIGHUP is ignored when the exporter starts.</summary>
    public static ExporterProcess StartWithHangupIgnored(int port, params string[] arguments) =>
        Start(port, new Dictionary<string, string>(), hangupIgnored: true, arguments);

    private static ExporterProcess Start(int port, IReadOnlyDictionary<string, string> environment, bool hangupIgnored, string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var dll = Path.Combine(AppContext.BaseDirectory, "pushexporter.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project must reference src/PushExporter");
        Assert.True(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), "pushexporter.runtimeconfig.json is missing next to pushexporter.dll");

        // No OTLP export from a test run, whatever the developer's shell says, unless the test asks for it.
        var variables = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null };
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        string[] command = [dll, "serve", "--web.listen-address", $"127.0.0.1:{port}", .. arguments];
        var process = PeerProcess.Start(
            hangupIgnored ? "nohup" : "dotnet",
            hangupIgnored ? "nohup is part of coreutils, on every Debian system" : "install the .NET SDK that global.json names",
            hangupIgnored ? ["dotnet", .. command] : command,
            new PeerStartOptions { Environment = variables, KeepAllOutput = true });
        return new ExporterProcess(process, port);
    }

    /// <summary>Polls <paramref name="client"/> at <c>/-/healthy</c> until it answers 200 or the deadline passes.</summary>
    public Task WaitUntilHealthyAsync(HttpClient client) =>
        WaitUntilAsync(async () =>
        {
            try
            {
                using var response = await client.GetAsync(new Uri("-/healthy", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "answering /-/healthy");

    /// <summary>Polls <paramref name="condition"/> for up to 30 s; fails with the exporter's output.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        try
        {
            await _process.WaitUntilAsync(condition, what, _patience);
        }
        catch (PeerException e)
        {
            Assert.Fail(e.Message);
        }
    }

    /// <summary>Waits up to 30 s for the process to end by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var patience = new CancellationTokenSource(_patience);
        await _process.WaitForExitAsync(patience.Token);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGHUP the way an operator does: <c>kill -HUP PID</c>.</summary>
    public Task HangUpAsync() => _process.SignalAsync("HUP");

    /// <summary>Sends SIGHUP <paramref name="times"/> times from one <c>kill</c>, with no pause between them.</summary>
    public Task HangUpAsync(int times) => _process.SignalAsync("HUP", times);

    /// <summary>Whether the process is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
