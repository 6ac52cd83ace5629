using PushExporter.Configuration;
using YamlDotNet.RepresentationModel;

namespace PushExporter.Container.Tests.Deploy;

/// <summary>deploy/compose: every mounted file exists, and the Compose plugin accepts the file where it is installed.</summary>
public sealed class ComposeTests
{
    private static readonly string _directory = Repository.PathOf("deploy", "compose");

    private static readonly string _composeFile = Path.Combine(_directory, "compose.yaml");

    [Fact]
    public void The_lab_has_the_exporter_prometheus_alertmanager_and_grafana_on_the_host_network()
    {
        var compose = Manifest.Load(_composeFile).Single();
        var services = (YamlMappingNode)compose.At("services")!;

        Assert.Equal(["alertmanager", "grafana", "prometheus", "pushexporter"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Order(StringComparer.Ordinal));
        Assert.All(services.Children.Values, s => Assert.Equal("host", Manifest.Scalar(s, "network_mode")));
        var context = Path.GetFullPath(Path.Combine(_directory, compose.ScalarAt("services.pushexporter.build.context")!));
        Assert.Equal(Repository.Root.TrimEnd('/'), context.TrimEnd('/'));
        Assert.True(File.Exists(Path.Combine(context, compose.ScalarAt("services.pushexporter.build.dockerfile")!)));
    }

    [Fact]
    public void Every_bind_mount_names_a_file_or_folder_of_the_repository()
    {
        var compose = Manifest.Load(_composeFile).Single();
        var services = (YamlMappingNode)compose.At("services")!;
        var binds = services.Children.Values
            .SelectMany(s => (Manifest.At(s, "volumes") as YamlSequenceNode)?.Children ?? [])
            .Select(v => ((YamlScalarNode)v).Value!)
            .Where(v => v.StartsWith('.'))
            .ToList();

        Assert.NotEmpty(binds);
        Assert.All(binds, bind =>
        {
            var source = Path.GetFullPath(Path.Combine(_directory, bind.Split(':')[0]));
            Assert.True(File.Exists(source) || Directory.Exists(source), $"{bind}: {source} does not exist");
        });
        Assert.Contains("../../alerts:/alerts:ro", binds);
        Assert.Contains("./pushexporter.yml:/etc/pushexporter/pushexporter.yml:ro", binds);
    }

    [Fact]
    public void The_labs_exporter_configuration_is_valid()
    {
        var loaded = ConfigLoader.Load(Path.Combine(_directory, "pushexporter.yml"));

        Assert.True(loaded.IsValid, string.Join('\n', loaded.Errors));
    }

    [Fact]
    public async Task Docker_compose_config_accepts_the_file()
    {
        var docker = Tool.Locate("docker");
        if (docker is null)
        {
            Assert.Skip("docker is not installed, so `docker compose config` cannot run");
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        var plugin = await Tool.RunAsync(docker, ["compose", "version"], TimeSpan.FromSeconds(30), cancellationToken);
        if (plugin.ExitCode != 0)
        {
            Assert.Skip($"the Docker Compose plugin is not installed (`docker compose version` exited {plugin.ExitCode}): {plugin.Error.Split('\n')[0].Trim()}");
        }

        var run = await Tool.RunAsync(docker, ["compose", "-f", _composeFile, "config", "--quiet"], TimeSpan.FromMinutes(1), cancellationToken);

        Assert.True(run.ExitCode == 0, run.Describe("docker compose config"));
    }
}
