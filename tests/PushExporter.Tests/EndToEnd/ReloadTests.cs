using System.Net;
using PushExporter.Testing;

namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// Reload by <c>SIGHUP</c> (the real binary, signalled with <c>kill -HUP</c>) and by
/// <c>POST /-/reload</c>: a changed file is picked up; an invalid one keeps the last
/// good configuration probing, sets the reload gauge to 0 and shows its errors; a later valid
/// file sets the gauge back to 1 and moves the success timestamp.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReloadTests : IDisposable
{
    private const string Invalid = """
        global:
          interval: 1s
          timeout: 500ms
          bogus_setting: 3
        targets: []

        """;

    private readonly TempDirectory _directory = TempDirectory.Create("reload");

    private string ConfigPath => _directory.File("pushexporter.yml");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sighup_reloads_the_file_and_an_invalid_file_keeps_the_last_good_configuration()
    {
        var started = await StartWithEdgeAAsync("--log.format", "json");
        await using var exporter = started.Exporter;
        using var http = started.Http;
        var client = new Scraper(http);
        await exporter.WaitUntilAsync(async () => await client.Value("pushexporter_probes_total", ("target", "edge_a")) >= 1, "probing edge_a");
        var loadedAt = await client.Value("pushexporter_config_last_reload_success_timestamp_seconds");

        await File.WriteAllTextAsync(ConfigPath, TwoTargets(), TestContext.Current.CancellationToken);
        await exporter.HangUpAsync();
        await exporter.WaitUntilAsync(async () => await client.Value("pushexporter_probes_total", ("target", "edge_b")) >= 1, "probing edge_b after SIGHUP");
        var reloadedAt = await client.Value("pushexporter_config_last_reload_success_timestamp_seconds");
        Assert.True(reloadedAt > loadedAt, $"timestamp {reloadedAt} after reload, {loadedAt} before");
        Assert.Equal(1, await client.Value("pushexporter_config_last_reload_successful"));

        await File.WriteAllTextAsync(ConfigPath, Invalid, TestContext.Current.CancellationToken);
        await exporter.HangUpAsync();
        await exporter.WaitUntilAsync(async () => await client.Value("pushexporter_config_last_reload_successful") == 0, "reporting the failed reload");
        await AssertLastGoodConfigurationKeepsProbing(client);
        Assert.Equal(reloadedAt, await client.Value("pushexporter_config_last_reload_success_timestamp_seconds"));
        Assert.Contains(exporter.StdoutLines, line => line.Contains("\"msg\":\"configuration reload failed", StringComparison.Ordinal) && line.Contains("bogus_setting", StringComparison.Ordinal) && line.Contains("\"trigger\":\"SIGHUP\"", StringComparison.Ordinal));

        await File.WriteAllTextAsync(ConfigPath, ConfigFiles.RefusingTarget("edge_c", FreePort.Tcp()), TestContext.Current.CancellationToken);
        await exporter.HangUpAsync();
        await exporter.WaitUntilAsync(async () => await client.Value("pushexporter_config_last_reload_successful") == 1, "reporting the good reload");
        Assert.True(await client.Value("pushexporter_config_last_reload_success_timestamp_seconds") > reloadedAt);
        await exporter.WaitUntilAsync(async () => await client.Value("pushexporter_probes_total", ("target", "edge_c")) >= 1, "probing edge_c");
        Assert.Null(await client.Value("pushexporter_probes_total", ("target", "edge_a")));
        Assert.DoesNotContain("bogus_setting", await http.GetStringAsync(new Uri("", UriKind.Relative), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sighup_reloads_when_the_exporter_was_started_with_sighup_ignored()
    {
        // nohup, some supervisors and CI runners start a process with SIGHUP ignored; .NET alone would keep ignoring it.
        await File.WriteAllTextAsync(ConfigPath, ConfigFiles.RefusingTarget("edge_a", FreePort.Tcp()), TestContext.Current.CancellationToken);
        await using var exporter = ExporterProcess.StartWithHangupIgnored(FreePort.Tcp(), "--config.file", ConfigPath);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{exporter.Port}/"), Timeout = TimeSpan.FromSeconds(30) };
        await exporter.WaitUntilHealthyAsync(http);
        var client = new Scraper(http);
        await exporter.WaitUntilAsync(async () => await client.Value("pushexporter_probes_total", ("target", "edge_a")) >= 1, "probing edge_a");

        await File.WriteAllTextAsync(ConfigPath, TwoTargets(), TestContext.Current.CancellationToken);
        await exporter.HangUpAsync();

        await exporter.WaitUntilAsync(async () => await client.Value("pushexporter_probes_total", ("target", "edge_b")) >= 1, "probing edge_b after SIGHUP");
        Assert.True(exporter.IsRunning);
    }

    [Fact]
    public async Task Post_reload_answers_with_the_errors_and_keeps_the_last_good_configuration()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = await StartWithEdgeAAsync();
        await using var exporter = started.Exporter;
        using var http = started.Http;
        var client = new Scraper(http);
        var loadedAt = await client.Value("pushexporter_config_last_reload_success_timestamp_seconds");

        await File.WriteAllTextAsync(ConfigPath, TwoTargets(), ct);
        using (var response = await http.PostAsync(new Uri("-/reload", UriKind.Relative), null, ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Poll(async () => await client.Value("pushexporter_probes_total", ("target", "edge_b")) >= 1, "probing edge_b after the reload");
        var reloadedAt = await client.Value("pushexporter_config_last_reload_success_timestamp_seconds");
        Assert.True(reloadedAt > loadedAt, $"timestamp {reloadedAt} after reload, {loadedAt} before");

        await File.WriteAllTextAsync(ConfigPath, Invalid, ct);
        using (var response = await http.PostAsync(new Uri("-/reload", UriKind.Relative), null, ct))
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Contains("previous configuration is still running", body, StringComparison.Ordinal);
            Assert.Contains("bogus_setting", body, StringComparison.Ordinal);
            Assert.Contains(":4:", body, StringComparison.Ordinal);
        }

        Assert.Equal(0, await client.Value("pushexporter_config_last_reload_successful"));
        Assert.Equal(reloadedAt, await client.Value("pushexporter_config_last_reload_success_timestamp_seconds"));
        await AssertLastGoodConfigurationKeepsProbing(client);

        await File.WriteAllTextAsync(ConfigPath, ConfigFiles.RefusingTarget("edge_c", FreePort.Tcp()), ct);
        using (var response = await http.PostAsync(new Uri("-/reload", UriKind.Relative), null, ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, await client.Value("pushexporter_config_last_reload_successful"));
        Assert.True(await client.Value("pushexporter_config_last_reload_success_timestamp_seconds") > reloadedAt);
        var page = await http.GetStringAsync(new Uri("", UriKind.Relative), ct);
        Assert.DoesNotContain("bogus_setting", page, StringComparison.Ordinal);
        Assert.Contains("data-target=\"edge_c\" class=", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-target=\"edge_a\" class=", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reload_beyond_the_target_capacity_fixed_at_start_is_refused_with_the_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = await StartWithEdgeAAsync();
        await using var exporter = started.Exporter;
        using var http = started.Http;
        var client = new Scraper(http);

        // edge_a and 1,024 new names: 1,025 since start, one more than a start with one target allows.
        var port = FreePort.Tcp();
        var many = new System.Text.StringBuilder(ConfigFiles.RefusingTarget("edge_a", port));
        for (var i = 1; i <= PushExporter.Metrics.TargetCapacity.Minimum; i++)
        {
            many.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - name: edge_{i:D4}\n    access_edge_fqdn: 127.0.0.1\n    port: {port}\n    transport: tcp\n");
        }

        await File.WriteAllTextAsync(ConfigPath, many.ToString(), ct);
        using (var response = await http.PostAsync(new Uri("-/reload", UriKind.Relative), null, ct))
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Contains("targets: 1025 distinct target names since start exceed the 1024", body, StringComparison.Ordinal);
            Assert.Contains("restart pushexporter", body, StringComparison.Ordinal);
        }

        Assert.Equal(0, await client.Value("pushexporter_config_last_reload_successful"));
        var page = await http.GetStringAsync(new Uri("", UriKind.Relative), ct);
        Assert.Contains("data-target=\"edge_a\" class=", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-target=\"edge_0001\" class=", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// The real binary with one refused target, edge_a: a second host in the test process would
    /// share the "pushexporter" meter with the end-to-end fixtures' hosts, and each /metrics
    /// would see the other's instruments.
    /// </summary>
    private async Task<(ExporterProcess Exporter, HttpClient Http)> StartWithEdgeAAsync(params string[] arguments)
    {
        await File.WriteAllTextAsync(ConfigPath, ConfigFiles.RefusingTarget("edge_a", FreePort.Tcp()), TestContext.Current.CancellationToken);
        var exporter = ExporterProcess.Start(FreePort.Tcp(), ["--config.file", ConfigPath, .. arguments]);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{exporter.Port}/"), Timeout = TimeSpan.FromSeconds(30) };
        await exporter.WaitUntilHealthyAsync(http);
        return (exporter, http);
    }

    /// <summary>Both targets of the last good file are still listed and still probed; the page shows the errors.</summary>
    private static async Task AssertLastGoodConfigurationKeepsProbing(Scraper client)
    {
        var page = await client.Http.GetStringAsync(new Uri("", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("reload failed, the previous configuration is running", page, StringComparison.Ordinal);
        Assert.Contains("bogus_setting", page, StringComparison.Ordinal);
        Assert.Contains("data-target=\"edge_a\" class=", page, StringComparison.Ordinal);
        Assert.Contains("data-target=\"edge_b\" class=", page, StringComparison.Ordinal);

        var probed = await client.Value("pushexporter_probes_total", ("target", "edge_b"));
        await Poll(async () => await client.Value("pushexporter_probes_total", ("target", "edge_b")) > probed, "probing edge_b again after the failed reload");
        Assert.NotNull(await client.Value("pushexporter_probes_total", ("target", "edge_a")));
    }

    private static string TwoTargets() =>
        ConfigFiles.RefusingTarget("edge_a", FreePort.Tcp())
        + $"  - name: edge_b\n    access_edge_fqdn: 127.0.0.1\n    port: {FreePort.Tcp()}\n    transport: tcp\n";

    private static async Task Poll(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"not {what} after 30 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private sealed class Scraper(HttpClient http)
    {
        public HttpClient Http => http;

        public async Task<double?> Value(string name, params (string Name, string Value)[] labels)
        {
            var text = await http.GetStringAsync(new Uri("metrics", UriKind.Relative), TestContext.Current.CancellationToken);
            return ExpositionText.Parse(text).Value(name, labels);
        }
    }
}
