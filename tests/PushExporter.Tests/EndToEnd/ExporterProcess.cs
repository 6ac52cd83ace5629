using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// The real <c>pushexporter</c> binary (<c>dotnet pushexporter.dll serve ...</c> from the test
/// output directory) as a child process: every line it writes kept in full, so that a test can
/// read its logs as an operator would, and signals sent with <c>kill</c>.
/// </summary>
public sealed class ExporterProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private ExporterProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Every line written to stdout so far.</summary>
    public IReadOnlyList<string> StdoutLines => [.. _stdout];

    /// <summary>stdout and stderr, for assertion messages and secret scans.</summary>
    public string Output => $"--- stdout\n{string.Join('\n', _stdout)}\n--- stderr\n{string.Join('\n', _stderr)}";

    /// <summary>Starts <c>serve</c> on a free loopback port with <paramref name="arguments"/> appended.</summary>
    public static ExporterProcess Start(int port, params string[] arguments) => Start(port, new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Start(int, string[])"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static ExporterProcess Start(int port, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var dll = Path.Combine(AppContext.BaseDirectory, "pushexporter.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project must reference src/PushExporter");
        Assert.True(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), "pushexporter.runtimeconfig.json is missing next to pushexporter.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--web.listen-address");
        info.ArgumentList.Add($"127.0.0.1:{port}");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // No OTLP export from a test run, whatever the developer's shell says, unless the test asks for it.
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var exporter = new ExporterProcess(process, port);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                exporter._stdout.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                exporter._stderr.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return exporter;
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

    /// <summary>Polls <paramref name="condition"/> every 100 ms for up to 30 s; fails with the exporter's output.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                Assert.Fail($"pushexporter exited with code {_process.ExitCode} before {what}\n{Output}");
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"pushexporter not {what} after 30 s\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Sends SIGHUP the way an operator does: <c>kill -HUP PID</c>.</summary>
    public async Task HangUpAsync()
    {
        using var kill = Process.Start("kill", ["-HUP", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (InvalidOperationException)
        {
            // Ended between the check and the kill.
        }
        catch (OperationCanceledException)
        {
            // Do not hang the run on a process that ignores SIGKILL.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
