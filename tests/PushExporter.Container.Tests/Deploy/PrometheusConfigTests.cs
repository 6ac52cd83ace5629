using YamlDotNet.RepresentationModel;

namespace PushExporter.Container.Tests.Deploy;

/// <summary>deploy/prometheus/prometheus.yml: valid for promtool, with the shipped rules and both jobs.</summary>
public sealed class PrometheusConfigTests
{
    private static readonly string _configFile = Repository.PathOf("deploy", "prometheus", "prometheus.yml");

    [Fact]
    public async Task Promtool_accepts_the_configuration_and_finds_the_shipped_rules()
    {
        var promtool = Tool.Locate("promtool")
            ?? throw new InvalidOperationException("promtool was not found on PATH; install it with: apt-get install prometheus");

        var run = await Tool.RunAsync(promtool, ["check", "config", _configFile], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        var all = run.Output + run.Error;
        Assert.True(run.ExitCode == 0, run.Describe("promtool check config"));
        Assert.Contains("1 rule files found", all, StringComparison.Ordinal);
        Assert.Contains("pushexporter.rules.yml", all, StringComparison.Ordinal);
    }

    [Fact]
    public void The_exporter_job_is_named_as_the_alert_rules_expect()
    {
        var jobs = Jobs();

        var exporter = Assert.Single(jobs, j => Scalar(j, "job_name") == "pushexporter");
        Assert.Equal("/metrics", Scalar(exporter, "metrics_path"));
        Assert.Contains("up{job=\"pushexporter\"}", File.ReadAllText(Repository.PathOf("alerts", "pushexporter.rules.yml")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_probe_job_relabels_each_target_name_into_the_target_parameter()
    {
        var probe = Assert.Single(Jobs(), j => Scalar(j, "job_name") == "pushexporter-probe");

        Assert.Equal("/probe", Scalar(probe, "metrics_path"));
        var rules = ((YamlSequenceNode)probe.Children[new YamlScalarNode("relabel_configs")]).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal("__param_target", Scalar(rules[0], "target_label"));
        Assert.Equal("__address__", ((YamlSequenceNode)rules[0].Children[new YamlScalarNode("source_labels")]).Children.Cast<YamlScalarNode>().Single().Value);
        Assert.Equal("target", Scalar(rules[1], "target_label"));
        Assert.Equal("__address__", Scalar(rules[2], "target_label"));
        Assert.Equal("127.0.0.1:9860", Scalar(rules[2], "replacement"));
    }

    private static List<YamlMappingNode> Jobs()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(_configFile))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return [.. ((YamlSequenceNode)root.Children[new YamlScalarNode("scrape_configs")]).Children.Cast<YamlMappingNode>()];
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
}
