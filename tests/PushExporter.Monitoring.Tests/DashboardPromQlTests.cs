using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PushExporter.Monitoring.Tests;

/// <summary>
/// dashboard-linter's target-promql and template-label-promql rules, with Prometheus's own parser:
/// every dashboard query, Grafana variables substituted, goes into a scratch rule file that
/// promtool check rules must accept.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class DashboardPromQlTests
{
    [Fact]
    public async Task Every_dashboard_query_is_valid_promql()
    {
        var rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        var count = 0;
        foreach (var file in RepositoryLayout.DashboardFiles)
        {
            foreach (var expr in DashboardLinter.Expressions(JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!))
            {
                rules.Append(CultureInvariant($"      - record: dashboard:query{count++}\n        expr: {JsonSerializer.Serialize(Substitute(expr))}\n"));
            }
        }

        Assert.True(count > 0);
        var scratch = Path.Combine(Path.GetTempPath(), $"pushexporter-dashboards-{Guid.NewGuid():N}.rules.yml");
        await File.WriteAllTextAsync(scratch, rules.ToString(), TestContext.Current.CancellationToken);
        try
        {
            var run = await ExternalTool.Require("promtool").RunAsync(["check", "rules", scratch], TestContext.Current.CancellationToken);

            Assert.True(run.ExitCode == 0, $"{run}\n--- generated rules ---\n{rules}");
            Assert.Contains($"SUCCESS: {count} rules found", run.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    /// <summary>What Grafana sends to Prometheus: variables replaced, label_values() reduced to its selector.</summary>
    public static string Substitute(string expr)
    {
        var query = LabelValues().Replace(expr, m => m.Groups["selector"].Success ? m.Groups["selector"].Value : "up");
        return query
            .Replace("$__rate_interval", "2m15s", StringComparison.Ordinal)
            .Replace("$__range", "6h", StringComparison.Ordinal)
            .Replace("${datasource}", string.Empty, StringComparison.Ordinal)
            .Replace("\"$job\"", "\".+\"", StringComparison.Ordinal)
            .Replace("\"$instance\"", "\".+\"", StringComparison.Ordinal)
            .Replace("\"$target\"", "\"atl-edge\"", StringComparison.Ordinal);
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    [GeneratedRegex(@"^label_values\(\s*(?:(?<selector>[^,]+(?:\{[^}]*\})?)\s*,\s*)?[A-Za-z_][A-Za-z0-9_]*\s*\)$")]
    private static partial Regex LabelValues();
}
