using PushExporter.Testing;
using PushExporter.Tests.EndToEnd;
using PushExporter.Tests.Hosting;

namespace PushExporter.Tests.Cli;

/// <summary><c>pushexporter serve</c> as an operator meets it: its start-up line, and a start-up failure in one line.</summary>
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
}
