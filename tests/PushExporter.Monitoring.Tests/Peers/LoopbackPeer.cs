using System.Net;
using System.Text;
using PushExporter.Testing;

namespace PushExporter.Monitoring.Tests.Peers;

/// <summary>
/// A real Prometheus or Alertmanager process (a <see cref="PeerProcess"/>) on a free 127.0.0.1
/// port with its own temporary configuration and storage directory, ready (its /-/ready answers
/// 200) when Start returns, killed and cleaned up on dispose.
/// </summary>
public sealed class LoopbackPeer : IAsyncDisposable
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(30);

    private readonly PeerProcess _process;
    private readonly DirectoryInfo _directory;

    private LoopbackPeer(string name, PeerProcess process, DirectoryInfo directory, int port)
    {
        Name = name;
        _process = process;
        _directory = directory;
        BaseAddress = new Uri(FormattableString.Invariant($"http://127.0.0.1:{port}/"));
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    /// <summary>The host:port to put into another peer's configuration.</summary>
    public string HostAndPort => BaseAddress.Authority;

    /// <summary>What the process wrote so far (bounded), for assertion messages.</summary>
    public string Output => _process.Output;
    /// <summary>
    /// Starts Prometheus evaluating <paramref name="ruleFiles"/> every second, scraping
    /// <paramref name="scrapeTargets"/> (job pushexporter) every second and sending alerts to
    /// <paramref name="alertmanager"/> when given. With <paramref name="probeTargets"/>, a second
    /// job, pushexporter-probe, scrapes /probe of the first exporter for each of those target
    /// names, relabelled as deploy/prometheus/prometheus.yml does (a target label).
    /// </summary>
    public static Task<LoopbackPeer> StartPrometheusAsync(
        IEnumerable<string> ruleFiles,
        IEnumerable<string> scrapeTargets,
        LoopbackPeer? alertmanager,
        CancellationToken cancellationToken,
        IReadOnlyList<string>? probeTargets = null)
    {
        var exporters = scrapeTargets.ToList();
        var tool = ExternalTool.Require("prometheus");
        var config = new StringBuilder()
            .Append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
            .Append("rule_files:\n");
        foreach (var file in ruleFiles)
        {
            config.Append("  - ").Append(Quote(file)).Append('\n');
        }

        if (alertmanager is not null)
        {
            config.Append("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [")
                .Append(Quote(alertmanager.HostAndPort)).Append("]\n");
        }

        config.Append("scrape_configs:\n  - job_name: pushexporter\n    static_configs:\n      - targets: [")
            .AppendJoin(", ", exporters.Select(Quote)).Append("]\n");
        if (probeTargets is { Count: > 0 })
        {
            config.Append("  - job_name: pushexporter-probe\n    metrics_path: /probe\n    static_configs:\n      - targets: [")
                .AppendJoin(", ", probeTargets.Select(Quote)).Append("]\n")
                .Append("    relabel_configs:\n")
                .Append("      - source_labels: [__address__]\n        target_label: __param_target\n")
                .Append("      - source_labels: [__param_target]\n        target_label: target\n")
                .Append("      - target_label: __address__\n        replacement: ").Append(Quote(exporters[0])).Append('\n');
        }

        return StartAsync("prometheus", tool, config.ToString(), (directory, configFile, port) =>
        [
            $"--config.file={configFile}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            FormattableString.Invariant($"--web.listen-address=127.0.0.1:{port}"),
        ], cancellationToken);
    }

    /// <summary>Starts a single Alertmanager (clustering off) with the given configuration text.</summary>
    public static Task<LoopbackPeer> StartAlertmanagerAsync(string configuration, CancellationToken cancellationToken)
    {
        // Debian installs it as prometheus-alertmanager, upstream as alertmanager.
        var tool = ExternalTool.Locate("alertmanager") is not null
            ? ExternalTool.Require("alertmanager")
            : ExternalTool.Require("prometheus-alertmanager");
        return StartAsync("alertmanager", tool, configuration, (directory, configFile, port) =>
        [
            $"--config.file={configFile}",
            $"--storage.path={Path.Combine(directory, "data")}",
            FormattableString.Invariant($"--web.listen-address=127.0.0.1:{port}"),
            "--cluster.listen-address=",
        ], cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.DisposeAsync();
        }
        finally
        {
            _directory.Delete(recursive: true);
        }
    }

    private static async Task<LoopbackPeer> StartAsync(
        string name, ExternalTool tool, string configuration, Func<string, string, int, string[]> arguments, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory($"pushexporter-{name}-");
        var configFile = Path.Combine(directory.FullName, $"{name}.yml");
        await File.WriteAllTextAsync(configFile, configuration, cancellationToken);

        var port = FreePort.Tcp();
        var process = PeerProcess.Start(tool.Path, ExternalTool.InstallHint, arguments(directory.FullName, configFile, port), new PeerStartOptions { WorkingDirectory = directory.FullName });
        var peer = new LoopbackPeer(name, process, directory, port);

        try
        {
            await peer.WaitUntilReadyAsync(cancellationToken);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await _process.WaitUntilAsync(
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync(new Uri("-/ready", UriKind.Relative), cancellationToken);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // Not listening yet.
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return false; // The request timed out; try again.
                }
            },
            $"ready on {BaseAddress}",
            _startTimeout);
    }

    private static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
