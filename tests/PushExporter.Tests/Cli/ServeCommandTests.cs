using System.Globalization;
using PushExporter.Testing;
using PushExporter.Tests.EndToEnd;
using PushExporter.Tests.Hosting;

namespace PushExporter.Tests.Cli;

/// <summary>
/// <c>pushexporter serve</c> as an operator meets it: its start-up line, a start-up failure in one line,
/// and the start-up garbage returned once the listener is up.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ServeCommandTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("serve");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_port_in_use_is_one_error_line_naming_the_address_and_exit_1()
    {
        var config = _directory.File("pushexporter.yml");
        await File.WriteAllTextAsync(config, ConfigFiles.RefusingTarget("edge", FreePort.Tcp()), TestContext.Current.CancellationToken);
        var port = FreePort.Tcp();
        await using var first = ExporterProcess.Start(port, "--config.file", config);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await first.WaitUntilHealthyAsync(http);

        await using var second = ExporterProcess.Start(port, "--config.file", config);
        var exit = await second.WaitForExitAsync();

        Assert.True(exit == 1, second.Output);
        var lines = second.StdoutLines.Select(LogLineTests.ParseLogfmt).ToList();
        var error = Assert.Single(lines, l => l["level"] == "error");
        Assert.Equal("cannot start", error["msg"]);
        Assert.Equal($"127.0.0.1:{port}", error["listen_address"]);
        Assert.Contains("address already in use", error["err"], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(second.Output.Split('\n'), line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Starts_with_one_line_naming_version_address_targets_and_interval()
    {
        var config = _directory.File("pushexporter.yml");
        await File.WriteAllTextAsync(config, ConfigFiles.RefusingTarget("edge", FreePort.Tcp()), TestContext.Current.CancellationToken);
        var port = FreePort.Tcp();
        await using var exporter = ExporterProcess.Start(port, "--config.file", config);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await exporter.WaitUntilHealthyAsync(http);

        var starting = LogLineTests.ParseLogfmt(exporter.StdoutLines[0]);
        Assert.Equal("info", starting["level"]);
        Assert.Equal("starting pushexporter", starting["msg"]);
        Assert.Equal(PushExporter.Vocabulary.BuildInfo.Version, starting["version"]);
        Assert.Equal($"127.0.0.1:{port}", starting["listen_address"]);
        Assert.Equal("1", starting["targets"]);
        Assert.Equal("1s", starting["interval"]);
        Assert.Equal(config, starting["config_file"]);
    }

    [Fact]
    public async Task Start_up_garbage_is_released_once_the_listener_is_up_and_the_debug_log_says_what_it_freed()
    {
        var config = _directory.File("pushexporter.yml");
        await File.WriteAllTextAsync(config, ConfigFiles.RefusingTarget("edge", FreePort.Tcp()), TestContext.Current.CancellationToken);
        await using var exporter = ExporterProcess.Start(FreePort.Tcp(), "--config.file", config, "--log.level", "debug");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{exporter.Port}/") };
        await exporter.WaitUntilHealthyAsync(http);

        await exporter.WaitUntilAsync(() => Task.FromResult(exporter.StdoutLines.Any(l => l.Contains("start-up garbage released", StringComparison.Ordinal))), "logging the start-up collection");
        var released = exporter.StdoutLines.Select(LogLineTests.ParseLogfmt).Single(l => l["msg"] == "start-up garbage released");
        var before = long.Parse(released["heap_bytes_before"], CultureInfo.InvariantCulture);
        var after = long.Parse(released["heap_bytes_after"], CultureInfo.InvariantCulture);
        Assert.True(after < before, $"the heap held {before} bytes before the collection and {after} after it\n{exporter.Output}");
        Assert.InRange(double.Parse(released["pause_ms"], CultureInfo.InvariantCulture), 0, 1000);
    }
}
