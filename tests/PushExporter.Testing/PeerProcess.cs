using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace PushExporter.Testing;

/// <summary>
/// One real peer process started by a test: output captured into a bounded buffer, readiness
/// awaited with a deadline, the whole process tree killed on dispose. A peer that is not
/// installed fails with what to install (<c>apt-get install …</c>); a peer that fails to start fails with
/// its own output.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private static readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly string[] _systemDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    private readonly Process _process;
    private readonly BoundedOutput _output = new();
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private PeerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>The executable's name, for messages.</summary>
    public string Name { get; }

    /// <summary>The operating system's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the peer wrote to stdout and stderr, interleaved.</summary>
    public string Output => _output.ToString();

    /// <summary>Every line written to stdout so far (with <see cref="PeerStartOptions.KeepAllOutput"/>).</summary>
    public IReadOnlyList<string> StdoutLines => [.. _stdout];

    /// <summary>Every line written to stderr so far (with <see cref="PeerStartOptions.KeepAllOutput"/>).</summary>
    public IReadOnlyList<string> StderrLines => [.. _stderr];

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="executable"/> found on PATH or in the system directories.</summary>
    /// <param name="executable">The executable's file name, e.g. <c>kamailio</c>.</param>
    /// <param name="installHint">What to run when it is missing: <c>apt-get install</c> and its Debian packages, spelled out.</param>
    /// <param name="arguments">The arguments, passed without a shell.</param>
    /// <param name="options">Working directory, environment, and whether to keep every line.</param>
    public static PeerProcess Start(string executable, string installHint, IEnumerable<string> arguments, PeerStartOptions? options = null)
    {
        options ??= new PeerStartOptions();
        var path = Locate(executable, installHint);
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        if (options.WorkingDirectory is { } directory)
        {
            info.WorkingDirectory = directory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in options.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info };
        var peer = new PeerProcess(Path.GetFileName(executable), process);
        var keep = options.KeepAllOutput;
        process.OutputDataReceived += (_, e) => peer.Received(e.Data, keep ? peer._stdout : null);
        process.ErrorDataReceived += (_, e) => peer.Received(e.Data, keep ? peer._stderr : null);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new PeerException($"{executable} at {path} could not be started: {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Runs a command to completion (e.g. <c>kamailio -c</c>) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string executable, string installHint, IEnumerable<string> arguments, TimeSpan timeout)
    {
        await using var peer = Start(executable, installHint, arguments);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await peer._process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw peer.Failure($"did not finish within {timeout.TotalSeconds:F0} s");
        }

        return (peer._process.ExitCode, peer.Output);
    }

    /// <summary>The full path of an installed executable, or a failure with <paramref name="installHint"/>.</summary>
    public static string Locate(string executable, string installHint)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var found = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(_systemDirectories)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);
        return found ?? throw new PeerException($"{executable} not found: {installHint}");
    }

    /// <summary>Waits until the peer listens on every given TCP port and is bound to every given UDP port on 127.0.0.1.</summary>
    public Task WaitForListenersAsync(IEnumerable<int> tcpPorts, IEnumerable<int> udpPorts, TimeSpan timeout)
    {
        var tcp = tcpPorts.ToHashSet();
        var udp = udpPorts.ToHashSet();
        return WaitUntilAsync(
            () => tcp.IsSubsetOf(LoopbackSockets.TcpListeners()) && udp.IsSubsetOf(LoopbackSockets.UdpBound()),
            $"listening on TCP [{string.Join(", ", tcp)}] and UDP [{string.Join(", ", udp)}]",
            timeout);
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. <c>HUP</c>) the way an operator does: <c>kill -HUP PID</c>.</summary>
    public Task SignalAsync(string signal) => SignalAsync(signal, 1);

    /// <summary>Sends <paramref name="signal"/> <paramref name="times"/> times in a row from one <c>kill</c>, with no pause between them.</summary>
    public async Task SignalAsync(string signal, int times)
    {
        using var kill = Process.Start("kill", [$"-{signal}", .. Enumerable.Repeat(Id.ToString(CultureInfo.InvariantCulture), times)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw Failure($"kill -{signal} exited with code {kill.ExitCode}");
        }
    }

    /// <summary>Waits for the peer to end by itself.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with the peer's output if the peer ends or the time is up.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (HasExited)
            {
                await _process.WaitForExitAsync();
                throw Failure($"ended before {what}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw Failure($"not {what} after {timeout.TotalSeconds:F0} s");
            }

            await Task.Delay(_pollInterval);
        }
    }

    /// <summary>Waits until the peer has written a line containing <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) =>
        WaitUntilAsync(() => _output.Contains(text), $"writing \"{text}\"", timeout);

    /// <summary>An exception that names the peer, says what went wrong and carries the peer's output.</summary>
    public PeerException Failure(string message)
    {
        var state = HasExited
            ? string.Create(CultureInfo.InvariantCulture, $"exited with code {_process.ExitCode}")
            : "still running";
        return new PeerException($"{Name} (pid {Id}, {state}): {message}\n--- {Name} output ---\n{Output}");
    }

    /// <summary>Kills the peer and every process it started, and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (InvalidOperationException)
        {
            // The process ended between the check and the kill.
        }
        catch (OperationCanceledException)
        {
            // A peer that ignores SIGKILL for 5 s is beyond a test's help; do not hang the run.
        }
        finally
        {
            _process.Dispose();
        }
    }

    // Waiting for the exit in WaitUntilAsync lets the output readers drain the last lines, which say why it ended.
    private Task WaitUntilAsync(Func<bool> ready, string what, TimeSpan timeout) =>
        WaitUntilAsync(() => Task.FromResult(ready()), what, timeout);

    private void Received(string? line, ConcurrentQueue<string>? all)
    {
        _output.Add(line);
        if (line is not null)
        {
            all?.Enqueue(line);
        }
    }
}
