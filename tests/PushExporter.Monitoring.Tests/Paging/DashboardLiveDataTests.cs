using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PushExporter.Monitoring.Tests.Paging;

/// <summary>
/// Every dashboard query against live data: the Prometheus of <see cref="PagingWorld"/> scrapes
/// the exporter probing succeeding and failing targets (one of them TLS, answered and failing,
/// so that the Edge detail dashboard has a certificate, a round trip and a reason for one
/// target). Each dashboard's variables are resolved the way Grafana does it (label_values()
/// through /api/v1/label/&lt;name&gt;/values, each value picked from the answer), then every
/// panel target is sent to /api/v1/query with the variables and $__rate_interval substituted
/// and must answer without error and with a non-empty result.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SharedPagingWorld.Name)]
public sealed partial class DashboardLiveDataTests(PagingWorld world)
{
    // Grafana's $__rate_interval for a 1s scrape interval (datasource timeInterval: 1s) and a
    // step of at most 3s: max(4 x scrape interval, step + scrape interval). The narrowest window
    // Grafana would use, so the most demanding one for the data.
    private const string RateInterval = "4s";

    private static readonly TimeSpan _dataTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Every_panel_and_variable_query_answers_with_data()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = world.Prometheus.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var checkedQueries = 0;
        foreach (var file in RepositoryLayout.DashboardFiles)
        {
            var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken))!;
            var name = Path.GetFileName(file);

            // Variables, in dashboard order: each one's query may use the ones before it.
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var variable in dashboard["templating"]?["list"]?.AsArray() ?? [])
            {
                if (Text(variable!["type"]) != "query")
                {
                    continue;
                }

                var variableName = Text(variable["name"]);
                var query = Substitute(Text(variable["query"] is JsonObject ? variable["query"]!["query"] : variable["query"]), values);
                var answer = await PollAsync(() => LabelValuesAsync(http, query, cancellationToken), cancellationToken);
                Assert.True(answer.Values.Count > 0, $"{name}: variable {variableName}: {query} → {answer.Error ?? "no values"}\n{world.PeerOutput}");
                var pick = Pick(variableName, answer.Values);
                Assert.True(pick is not null, $"{name}: variable {variableName} does not offer the expected value: {string.Join(", ", answer.Values)}");
                values[variableName] = variable["multi"]?.GetValue<bool>() == true || variable["includeAll"]?.GetValue<bool>() == true
                    ? RegexEscape(pick)
                    : pick;
                checkedQueries++;
            }

            foreach (var panel in DashboardLinter.Panels(dashboard))
            {
                foreach (var target in panel["targets"]?.AsArray() ?? [])
                {
                    var query = Substitute(Text(target!["expr"]), values);
                    Assert.DoesNotContain("$", query, StringComparison.Ordinal);
                    var answer = await PollAsync(() => InstantQueryAsync(http, query, cancellationToken), cancellationToken);
                    Assert.True(answer.Error is null && answer.Values.Count > 0, $"{name}: panel '{Text(panel["title"])}': {query} → {answer.Error ?? "empty result"}\n{world.PeerOutput}");
                    checkedQueries++;
                }
            }
        }

        Assert.True(checkedQueries > 20, $"only {checkedQueries} queries found");
    }

    /// <summary>Which value of a variable the test selects, as a user would in the picker.</summary>
    private string? Pick(string variable, IReadOnlyList<string> offered) => variable switch
    {
        "job" => offered.FirstOrDefault(v => v == "pushexporter") ?? offered.FirstOrDefault(v => v == "pushexporter-probe"),
        "instance" => offered.FirstOrDefault(v => v == world.ExporterInstance),
        "target" => offered.FirstOrDefault(v => v == PagingWorld.DetailTarget),
        "site" => offered.FirstOrDefault(v => v == PagingWorld.Site),
        _ => offered.Count > 0 ? offered[0] : null,
    };

    /// <summary>Grafana's interpolation: the variables by value, $__rate_interval by the window above.</summary>
    public static string Substitute(string expr, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(values);
        var query = expr.Replace("$__rate_interval", RateInterval, StringComparison.Ordinal)
            .Replace("$__range", "1h", StringComparison.Ordinal);
        return Variable().Replace(query, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            return values.TryGetValue(name, out var value) ? value : m.Value;
        });
    }

    /// <summary>Grafana's prometheusSpecialRegexEscape for multi-value and include-all variables.</summary>
    private static string RegexEscape(string value) =>
        RegexSpecial().Replace(value.Replace("\\", "\\\\\\\\", StringComparison.Ordinal), m => "\\\\" + m.Value);

    /// <summary>Polls while the answer is empty (the data builds up as probes and scrapes go on).</summary>
    private static async Task<Answer> PollAsync(Func<Task<Answer>> ask, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _dataTimeout;
        while (true)
        {
            var answer = await ask();
            if (answer.Error is not null || answer.Values.Count > 0 || DateTime.UtcNow > deadline)
            {
                return answer;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>label_values([selector,] label) → GET /api/v1/label/&lt;label&gt;/values[?match[]=selector].</summary>
    private static async Task<Answer> LabelValuesAsync(HttpClient http, string query, CancellationToken cancellationToken)
    {
        var m = LabelValues().Match(query);
        Assert.True(m.Success, $"not a label_values() variable query: {query}");
        var path = new StringBuilder("api/v1/label/").Append(Uri.EscapeDataString(m.Groups["label"].Value)).Append("/values");
        if (m.Groups["selector"].Success)
        {
            path.Append("?match[]=").Append(Uri.EscapeDataString(m.Groups["selector"].Value.Trim()));
        }

        return await SendAsync(http, path.ToString(), data => [.. data.EnumerateArray().Select(v => v.GetString() ?? string.Empty)], cancellationToken);
    }

    private static Task<Answer> InstantQueryAsync(HttpClient http, string query, CancellationToken cancellationToken) =>
        SendAsync(http, "api/v1/query?query=" + Uri.EscapeDataString(query), data =>
        {
            var result = data.GetProperty("result");
            return result.ValueKind == JsonValueKind.Array
                ? [.. result.EnumerateArray().Select(r => r.GetRawText())]
                : [result.GetRawText()];
        }, cancellationToken);

    private static async Task<Answer> SendAsync(HttpClient http, string pathAndQuery, Func<JsonElement, List<string>> read, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            return new Answer([], $"{(int)response.StatusCode} {body}");
        }

        var values = read(root.GetProperty("data"));
        return new Answer(values, root.TryGetProperty("warnings", out var warnings) ? $"warnings: {warnings.GetRawText()}" : null);
    }

    private static string Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : string.Empty;

    private sealed record Answer(IReadOnlyList<string> Values, string? Error);

    [GeneratedRegex(@"\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?<plain>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Variable();

    [GeneratedRegex(@"[$^*{}\[\]\'+?.()|]")]
    private static partial Regex RegexSpecial();

    [GeneratedRegex(@"^label_values\(\s*(?:(?<selector>[^,]+(?:\{[^}]*\})?)\s*,\s*)?(?<label>[A-Za-z_][A-Za-z0-9_]*)\s*\)$")]
    private static partial Regex LabelValues();
}
