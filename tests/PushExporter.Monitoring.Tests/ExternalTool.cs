using System.Diagnostics;
using System.Text;

namespace PushExporter.Monitoring.Tests;

/// <summary>Runs a command-line tool of the Prometheus stack (promtool, amtool, ...) to completion.</summary>
public sealed class ExternalTool
{
    /// <summary>What to tell the reader when a tool is missing; scripts/test.sh installs both packages.</summary>
    public const string InstallHint = "apt-get install prometheus prometheus-alertmanager";

    private ExternalTool(string path) => Path = path;

    public string Path { get; }

    /// <summary>Finds <paramref name="name"/> on PATH, failing the test with the install command if it is absent.</summary>
    public static ExternalTool Require(string name) => Require(name, InstallHint);

    /// <summary>Finds <paramref name="name"/> on PATH, failing the test with <paramref name="installHint"/> if it is absent.</summary>
    public static ExternalTool Require(string name, string installHint) =>
        Locate(name) is { } path
            ? new ExternalTool(path)
            : throw new InvalidOperationException(
                $"'{name}' was not found on PATH; install it with: {installHint}");

    public static string? Locate(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                     .Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = System.IO.Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public Task<ToolRun> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(arguments, standardInput: null, cancellationToken);

    /// <summary>Runs the tool with <paramref name="standardInput"/> piped to it (closed after writing), when given.</summary>
    public async Task<ToolRun> RunAsync(IEnumerable<string> arguments, string? standardInput, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = RepositoryLayout.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"could not start {Path}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var command = new StringBuilder(System.IO.Path.GetFileName(Path));
        foreach (var argument in start.ArgumentList)
        {
            command.Append(' ').Append(argument);
        }

        return new ToolRun(command.ToString(), process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>The outcome of one tool run; its text is what a failing assertion shows.</summary>
public sealed record ToolRun(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() =>
        $"$ {Command}\nexit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
