using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PushExporter.Container.Tests.Image;

/// <summary>What the image built from the Dockerfile does when it runs (see <see cref="ExporterContainer"/>).</summary>
public sealed partial class ContainerImageTests(ExporterContainer exporter) : IClassFixture<ExporterContainer>
{
    [Fact]
    public async Task The_image_probes_a_Kamailio_edge_and_serves_metrics_health_and_probe()
    {
        SkipWithoutEngine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{exporter.Port}"), Timeout = TimeSpan.FromSeconds(10) };

        var metrics = await PollAsync(http, "/metrics", text => SuccessLine().Match(text) is { Success: true } m && m.Groups[1].Value == "1");
        Assert.Matches($"pushexporter_build_info{{revision=\"{exporter.Revision}\",version=\"[^\"]+\"}} 1", metrics);
        Assert.Contains($"pushexporter_sip_status_code{{target=\"{ExporterContainer.TargetName}\"}} 200", metrics, StringComparison.Ordinal);

        using var healthy = await http.GetAsync(new Uri("/-/healthy", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, healthy.StatusCode);
        using var ready = await http.GetAsync(new Uri("/-/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);

        var probe = await http.GetStringAsync(new Uri($"/probe?target={ExporterContainer.TargetName}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("probe_success 1", probe, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docker_reports_the_container_healthy_through_the_binarys_healthcheck()
    {
        SkipWithoutEngine();
        var deadline = Stopwatch.StartNew();
        string status;
        do
        {
            var inspect = await DockerEngine.RunAsync(exporter.DockerCli, ["inspect", "-f", "{{.State.Health.Status}}", exporter.Container!.Id], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            status = inspect.Output.Trim();
            if (status == "healthy")
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        }
        while (deadline.Elapsed < TimeSpan.FromSeconds(60));

        Assert.Fail($"health status is still \"{status}\" after 60 s\n{await exporter.LogsAsync()}");
    }

    [Fact]
    public async Task Runs_as_a_non_root_user_reading_the_mounted_configuration()
    {
        SkipWithoutEngine();
        var cancellationToken = TestContext.Current.CancellationToken;

        // The image has no shell and no id(1): ask the engine which user the exporter runs as.
        var top = await DockerEngine.RunAsync(exporter.DockerCli, ["top", exporter.Container!.Id], TimeSpan.FromSeconds(30), cancellationToken);
        // The HEALTHCHECK may be running `pushexporter healthcheck` beside serve at this moment: every process counts.
        var processes = top.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains("/app/pushexporter", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(processes, line => !line.Contains("healthcheck", StringComparison.Ordinal));
        Assert.All(processes, line => Assert.StartsWith("1654 ", line, StringComparison.Ordinal));
        var user = await DockerEngine.RunAsync(exporter.DockerCli, ["image", "inspect", "-f", "{{.Config.User}}", ExporterContainer.Tag], TimeSpan.FromSeconds(30), cancellationToken);
        Assert.Equal("1654:1654", user.Output.Trim());

        var check = await exporter.Container.ExecAsync(["/app/pushexporter", "check-config", "--config.file", ExporterContainer.ConfigPath], cancellationToken);
        Assert.True(check.ExitCode == 0, $"check-config exited {check.ExitCode}: {check.Stdout}{check.Stderr}");

        var mounts = await DockerEngine.RunAsync(exporter.DockerCli, ["inspect", "-f", "{{json .Mounts}}", exporter.Container.Id], TimeSpan.FromSeconds(30), cancellationToken);
        using var json = JsonDocument.Parse(mounts.Output);
        var mount = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(ExporterContainer.ConfigPath, mount.GetProperty("Destination").GetString());
        Assert.False(mount.GetProperty("RW").GetBoolean());
    }

    [Fact]
    public async Task The_image_is_the_native_executable_on_a_chiseled_base_within_50_MB()
    {
        SkipWithoutEngine();
        var cancellationToken = TestContext.Current.CancellationToken;

        var size = await DockerEngine.RunAsync(exporter.DockerCli, ["image", "inspect", "-f", "{{.Size}}", ExporterContainer.Tag], TimeSpan.FromSeconds(30), cancellationToken);
        Assert.InRange(long.Parse(size.Output.Trim(), CultureInfo.InvariantCulture), 1, 50_000_000);
        var version = await exporter.Container!.ExecAsync(["/app/pushexporter", "--version"], cancellationToken);
        Assert.Contains("(native AOT)", version.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_image_declares_its_port_healthcheck_default_configuration_and_labels()
    {
        SkipWithoutEngine();
        var inspect = await DockerEngine.RunAsync(exporter.DockerCli, ["image", "inspect", ExporterContainer.Tag], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(inspect.Output);
        var image = json.RootElement[0];
        var config = image.GetProperty("Config");

        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("9860/tcp", out _));
        Assert.Equal(["CMD", "/app/pushexporter", "healthcheck"], config.GetProperty("Healthcheck").GetProperty("Test").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("PUSHEXPORTER_HEALTH_SOCKET=/tmp/pushexporter-health.sock", config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["/app/pushexporter"], config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["--config.file", ExporterContainer.ConfigPath], config.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        var labels = config.GetProperty("Labels");
        Assert.Equal("PushExporter", labels.GetProperty("org.opencontainers.image.title").GetString());
        Assert.Equal(exporter.Revision, labels.GetProperty("org.opencontainers.image.revision").GetString());
        Assert.Equal("Apache-2.0", labels.GetProperty("org.opencontainers.image.licenses").GetString());
        Assert.StartsWith("https://", labels.GetProperty("org.opencontainers.image.source").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("https://", labels.GetProperty("org.opencontainers.image.documentation").GetString(), StringComparison.Ordinal);
        Assert.True(labels.TryGetProperty("org.opencontainers.image.created", out _), "no created label");

        var size = image.GetProperty("Size").GetInt64();
        TestContext.Current.SendDiagnosticMessage($"image size {size / 1_000_000.0:F1} MB");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"image {ExporterContainer.Tag}: {size / 1_000_000.0:F1} MB"));
    }

    private void SkipWithoutEngine()
    {
        if (exporter.SkipReason is not null)
        {
            Assert.Skip(exporter.SkipReason);
        }
    }

    private async Task<string> PollAsync(HttpClient http, string path, Func<string, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        var last = "";
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                last = await http.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
                if (done(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }

        Assert.Fail($"{path} did not show what was expected within 60 s; last answer:\n{last}\n{await exporter.LogsAsync()}\nKamailio:\n{exporter.Edge?.Output}");
        return last;
    }

    [GeneratedRegex("""pushexporter_probe_success\{target="edge-tcp"\} (\d)""")]
    private static partial Regex SuccessLine();
}
