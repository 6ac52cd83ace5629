using System.Diagnostics;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using PushExporter.Testing;

namespace PushExporter.Container.Tests.Image;

/// <summary>
/// The image built from the repository's Dockerfile (docker build --network host), run with
/// Testcontainers on the host network and probing a Kamailio Edge on 127.0.0.1 over TCP.
/// The base images are the local stand-ins of scripts/build-base-images.sh: no container
/// registry is reachable here, so files of Debian bookworm (debootstrap) play
/// runtime-deps:10.0-noble-chiseled, and bookworm with clang and this machine's SDK plays
/// sdk:10.0-noble-aot.
/// </summary>
public sealed class ExporterContainer : IAsyncLifetime
{
    public const string Tag = "pushexporter:container-test";
    public const string TargetName = "edge-tcp";
    public const string ConfigPath = "/etc/pushexporter/pushexporter.yml";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("pushexporter-container-");
    /// <summary>Why the test skips: no Docker engine; null when one answers.</summary>
    public string? SkipReason { get; private set; }
    public string DockerCli { get; private set; } = "docker";
    public string Revision { get; private set; } = "unknown";
    public KamailioEdge? Edge { get; private set; }
    public IContainer? Container { get; private set; }
    public int Port { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        SkipReason = await DockerEngine.UnavailableReasonAsync(cancellationToken);
        if (SkipReason is not null)
        {
            return;
        }

        DockerCli = Tool.Locate("docker")!;
        DockerEngine.ConfigureTestcontainers();
        foreach (var image in DockerEngine.BaseImages)
        {
            var inspect = await DockerEngine.RunAsync(DockerCli, ["image", "inspect", image], TimeSpan.FromSeconds(30), cancellationToken);
            Assert.True(inspect.ExitCode == 0, $"base image {image} is missing: run scripts/build-base-images.sh (as root; scripts/test.sh does)");
        }

        Revision = (await Tool.RunAsync("git", ["rev-parse", "HEAD"], TimeSpan.FromSeconds(30), cancellationToken)).Output.Trim() is { Length: 40 } head ? head : "unknown";
        var clock = Stopwatch.StartNew();
        var build = await DockerEngine.RunAsync(
            DockerCli,
            ["build", "--network", "host", "--build-arg", $"REVISION={Revision}", "-t", Tag, "-f", Repository.PathOf("Dockerfile"), Repository.Root],
            TimeSpan.FromMinutes(20),
            cancellationToken);
        Assert.True(build.ExitCode == 0, build.Describe("docker build"));
        TestContext.Current.SendDiagnosticMessage($"docker build took {clock.Elapsed.TotalSeconds:F0} s");

        Edge = new KamailioEdge();
        await Edge.InitializeAsync();

        Port = FreePort.Tcp();
        var config = Path.Combine(_directory.FullName, "pushexporter.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              interval: 2s
              timeout: 1s
            targets:
              - name: {TargetName}
                access_edge_fqdn: 127.0.0.1
                port: {Edge.Port(EdgeScenario.Ok, PeerTransport.Tcp)}
                transport: tcp
            """, cancellationToken);
        // The container's user is not the file's owner.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        Container = new ContainerBuilder(Tag)
            .WithCommand("--config.file", ConfigPath, "--web.listen-address", $"127.0.0.1:{Port}")
            .WithBindMount(config, ConfigPath, AccessMode.ReadOnly)
            .WithCreateParameterModifier(p =>
            {
                // No bridge here (dockerd --bridge=none): the exporter shares the host's loopback with Kamailio.
                p.HostConfig!.NetworkMode = "host";
                // The image's HEALTHCHECK command as it is (its health socket does not care that serve
                // listens on this test's free port instead of 9860), every second instead of 30.
                p.Healthcheck = new HealthcheckConfig
                {
                    Test = ["CMD", "/app/pushexporter", "healthcheck"],
                    Interval = TimeSpan.FromSeconds(1),
                    Timeout = TimeSpan.FromSeconds(5),
                    Retries = 3,
                };
            })
            .WithCleanUp(true)
            .Build();
        await Container.StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Container is not null)
        {
            await Container.DisposeAsync();
        }

        if (Edge is not null)
        {
            await Edge.DisposeAsync();
        }

        _directory.Delete(recursive: true);
    }

    public async Task<string> LogsAsync()
    {
        var (stdout, stderr) = await Container!.GetLogsAsync(ct: TestContext.Current.CancellationToken);
        return $"container log:\n{stdout}{stderr}";
    }
}
