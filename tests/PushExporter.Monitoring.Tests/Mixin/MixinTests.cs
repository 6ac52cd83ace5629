using System.Text.Json.Nodes;

namespace PushExporter.Monitoring.Tests.Mixin;

/// <summary>
/// mixin/: the shipped rule file, dashboards and Kubernetes manifests are exactly what
/// mixin/render.sh renders from it, and its configuration reaches every place it promises.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MixinTests
{
    private const string JsonnetHint = "apt-get install jsonnet";

    private static readonly string _mixin = Path.Combine(RepositoryLayout.Root, "mixin");

    /// <summary>What mixin/render.sh writes, relative to the repository root.</summary>
    public static readonly IReadOnlyList<string> RenderedFiles =
    [
        "alerts/pushexporter.rules.yml",
        "deploy/kubernetes/grafana-dashboards.yaml",
        "deploy/kubernetes/prometheusrule.yaml",
        "grafana/dashboards/pushexporter-edge.json",
        "grafana/dashboards/pushexporter-overview.json",
        "grafana/dashboards/pushexporter-probe.json",
    ];

    [Fact]
    public async Task The_shipped_files_are_a_fresh_render_of_the_mixin()
    {
        ExternalTool.Require("jsonnet", JsonnetHint);
        var output = Directory.CreateTempSubdirectory("pushexporter-mixin-");
        try
        {
            var run = await ExternalTool.Require("bash").RunAsync([Path.Combine(_mixin, "render.sh"), output.FullName], TestContext.Current.CancellationToken);
            Assert.True(run.ExitCode == 0, run.ToString());

            var rendered = Directory.EnumerateFiles(output.FullName, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(output.FullName, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.Equal(RenderedFiles, rendered);
            foreach (var file in rendered)
            {
                var fresh = await File.ReadAllTextAsync(Path.Combine(output.FullName, file), TestContext.Current.CancellationToken);
                var shipped = await File.ReadAllTextAsync(Path.Combine(RepositoryLayout.Root, file), TestContext.Current.CancellationToken);
                Assert.True(fresh == shipped, $"{file} differs from a fresh render of mixin/ ({FirstDifference(shipped, fresh)}): edit mixin/, not the file, then run mixin/render.sh");
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_mixin_sources_are_formatted_as_jsonnetfmt_writes_them()
    {
        var sources = Directory.EnumerateFiles(_mixin, "*sonnet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(sources);

        var run = await ExternalTool.Require("jsonnetfmt", JsonnetHint).RunAsync(["--test", .. sources], TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, $"run jsonnetfmt -i on the files it names\n{run}");
    }

    [Fact]
    public async Task A_job_selector_of_ones_own_reaches_every_selector_of_every_alert()
    {
        var mixin = await RenderAsync("pushExporterSelector: 'job=\"lync-push\",env=\"prod\"'");

        var expressions = Alerts(mixin).Select(a => a["expr"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(expressions);
        Assert.All(expressions, expr =>
        {
            Assert.DoesNotContain("job=\"pushexporter\"", expr, StringComparison.Ordinal);
            var selectors = PromQlScanner.Selectors(expr).ToList();
            Assert.NotEmpty(selectors);
            Assert.All(selectors, s => Assert.StartsWith("job=\"lync-push\",env=\"prod\"", s.Matchers, StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task The_documentation_and_Grafana_base_URLs_reach_every_link()
    {
        var mixin = await RenderAsync("docsBaseUrl: 'https://wiki.litwareinc.com/pushexporter', grafanaUrl: 'https://grafana.litwareinc.com'");

        foreach (var alert in Alerts(mixin))
        {
            var annotations = alert["annotations"]!;
            Assert.StartsWith("https://wiki.litwareinc.com/pushexporter/runbooks.md#", annotations["runbook_url"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.StartsWith("https://grafana.litwareinc.com/d/pushexporter-", annotations["dashboard_url"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var dashboards = mixin["grafanaDashboards"]!.ToJsonString();
        Assert.Contains("https://wiki.litwareinc.com/pushexporter/runbooks.md#", dashboards, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", mixin.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ms_diagnostics_metric_name_is_one_setting_for_both_endpoints()
    {
        var mixin = await RenderAsync("sipDiagnosticCodeSuffix: 'sip_diagnostic_code'");

        var everything = mixin.ToJsonString();
        Assert.DoesNotContain("ms_diagnostics_code", everything, StringComparison.Ordinal);
        var dashboards = mixin["grafanaDashboards"]!;
        Assert.Contains("pushexporter_sip_diagnostic_code{", dashboards["pushexporter-edge.json"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("probe_sip_diagnostic_code{", dashboards["pushexporter-probe.json"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_ms_diagnostics_metric_name_is_the_one_the_exporter_exposes()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "src", "PushExporter", "Metrics", "ExporterMetrics.cs"));
        var config = File.ReadAllText(Path.Combine(_mixin, "config.libsonnet"));
        var suffix = System.Text.RegularExpressions.Regex.Match(config, "sipDiagnosticCodeSuffix: '(?<s>[a-z_]+)'").Groups["s"].Value;

        Assert.NotEmpty(suffix);
        Assert.Contains($"\"pushexporter_{suffix}\"", source, StringComparison.Ordinal);
    }

    /// <summary>The mixin's alerts, rules and dashboards as JSON, with <paramref name="config"/> added to _config.</summary>
    private static async Task<JsonNode> RenderAsync(string config)
    {
        var jsonnet = ExternalTool.Require("jsonnet", JsonnetHint);
        var program = $$"""
            local mixin = (import 'mixin.libsonnet') + { _config+:: { {{config}} } };
            {
              prometheusAlerts: mixin.prometheusAlerts,
              prometheusRules: mixin.prometheusRules,
              grafanaDashboards: mixin.grafanaDashboards,
            }
            """;
        var run = await jsonnet.RunAsync(["-J", _mixin, "-e", program], TestContext.Current.CancellationToken);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonNode.Parse(run.StandardOutput)!;
    }

    private static IEnumerable<JsonNode> Alerts(JsonNode mixin) =>
        mixin["prometheusAlerts"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!);

    private static string FirstDifference(string shipped, string fresh)
    {
        var a = shipped.Split('\n');
        var b = fresh.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < b.Length ? b[i] : "<end of file>";
            if (left != right)
            {
                return $"line {i + 1}: shipped '{Shorten(left)}', rendered '{Shorten(right)}'";
            }
        }

        return "line endings";
    }

    private static string Shorten(string line) => line.Length > 120 ? line[..120] + "…" : line;
}
