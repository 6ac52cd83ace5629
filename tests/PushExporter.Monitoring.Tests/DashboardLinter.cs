using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PushExporter.Monitoring.Tests;

/// <summary>
/// The rules of Grafana's dashboard-linter (github.com/grafana/dashboard-linter), applied to a
/// dashboard's JSON: template-datasource, template-job, template-instance, panel-datasource,
/// panel-title-description, panel-units, target-rate-interval, target-job, target-instance;
/// plus what we promise on top: no hard-coded datasource uid anywhere, every variable used.
/// </summary>
public static partial class DashboardLinter
{
    // Grafana's unit ids (packages/grafana-data/src/valueFormats/categories.ts) that fit this product.
    private static readonly HashSet<string> _units = new(StringComparer.Ordinal)
    {
        "none", "string", "short", "percent", "percentunit", "bool", "bool_yes_no", "bool_on_off",
        "ns", "µs", "ms", "s", "m", "h", "d", "dtdurationms", "dtdurations", "dthms", "dtdhms",
        "dateTimeAsIso", "dateTimeAsIsoNoDateIfToday", "dateTimeAsUS", "dateTimeAsLocal", "dateTimeAsSystem", "dateTimeFromNow",
        "cps", "ops", "reqps", "rps", "cpm", "opm", "rpm", "hertz",
    };

    // Every selector of a panel must be narrowed by these variables when the dashboard has them.
    private static readonly string[] _scopingVariables = ["job", "instance", "target"];

    private static readonly HashSet<string> _templatedDatasource = new(StringComparer.Ordinal) { "$datasource", "${datasource}" };

    public static IReadOnlyList<string> Lint(JsonNode dashboard)
    {
        var problems = new List<string>();
        var variables = dashboard["templating"]?["list"]?.AsArray().Select(v => v!).ToList() ?? [];

        CheckDatasourceVariable(variables, problems);
        CheckJobOrInstanceVariable(variables, "job", problems);
        CheckJobOrInstanceVariable(variables, "instance", problems);
        foreach (var variable in variables.Where(v => Text(v["type"]) == "query"))
        {
            if (!_templatedDatasource.Contains(Text(variable["datasource"]?["uid"])))
            {
                problems.Add($"variable '{Text(variable["name"])}' does not use the datasource variable");
            }
        }

        if (dashboard["__inputs"] is not null)
        {
            problems.Add("dashboard has __inputs: export it without 'share externally' so nothing is bound to one datasource");
        }

        CheckNoHardCodedDatasource(dashboard, "$", problems);

        var expressions = new List<string>();
        foreach (var panel in Panels(dashboard))
        {
            LintPanel(panel, variables, problems, expressions);
        }

        foreach (var name in variables.Select(v => Text(v["name"])).Where(n => n != "datasource"))
        {
            var used = expressions.Concat(variables.Select(v => Text(v["query"]?["query"])))
                .Any(e => e.Contains($"${name}", StringComparison.Ordinal) || e.Contains($"${{{name}}}", StringComparison.Ordinal));
            if (!used)
            {
                problems.Add($"variable '{name}' is not used by any query");
            }
        }

        return problems;
    }

    /// <summary>Every panel, rows' nested panels included, rows themselves excluded.</summary>
    public static IEnumerable<JsonNode> Panels(JsonNode dashboard)
    {
        foreach (var panel in dashboard["panels"]?.AsArray() ?? [])
        {
            if (Text(panel!["type"]) != "row")
            {
                yield return panel;
            }

            foreach (var nested in panel["panels"]?.AsArray() ?? [])
            {
                yield return nested!;
            }
        }
    }

    /// <summary>Every PromQL expression of panel targets and query variables.</summary>
    public static IEnumerable<string> Expressions(JsonNode dashboard)
    {
        foreach (var panel in Panels(dashboard))
        {
            foreach (var target in panel["targets"]?.AsArray() ?? [])
            {
                yield return Text(target!["expr"]);
            }
        }

        foreach (var variable in dashboard["templating"]?["list"]?.AsArray() ?? [])
        {
            if (Text(variable!["type"]) == "query")
            {
                yield return Text(variable["query"] is JsonObject ? variable["query"]!["query"] : variable["query"]);
            }
        }
    }

    private static void LintPanel(JsonNode panel, List<JsonNode> variables, List<string> problems, List<string> expressions)
    {
        var title = Text(panel["title"]);
        var where = $"panel '{title}'";
        if (string.IsNullOrWhiteSpace(title))
        {
            problems.Add($"panel {panel["id"]} has no title");
        }

        if (string.IsNullOrWhiteSpace(Text(panel["description"])))
        {
            problems.Add($"{where} has no description");
        }

        var unit = Text(panel["fieldConfig"]?["defaults"]?["unit"]);
        if (!_units.Contains(unit))
        {
            problems.Add($"{where} has no or an invalid unit (fieldConfig.defaults.unit): '{unit}'");
        }

        if (!_templatedDatasource.Contains(Text(panel["datasource"]?["uid"])) || Text(panel["datasource"]?["type"]) != "prometheus")
        {
            problems.Add($"{where} does not use the templated prometheus datasource");
        }

        var targets = panel["targets"]?.AsArray() ?? [];
        if (targets.Count == 0)
        {
            problems.Add($"{where} has no targets");
        }

        var variableNames = variables.Select(v => Text(v["name"])).ToHashSet(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            var expr = Text(target!["expr"]);
            expressions.Add(expr);
            if (target["datasource"] is { } ds && !_templatedDatasource.Contains(Text(ds["uid"])))
            {
                problems.Add($"{where} target {Text(target["refId"])} does not use the datasource variable");
            }

            foreach (Match range in RangeSelector().Matches(expr))
            {
                var window = range.Groups["range"].Value;
                // $__range is the whole time range: right for an aggregate over it (availability
                // as avg_over_time(...[$__range])), wrong for a rate drawn over time.
                var overTheRange = window == "$__range" && EnclosingFunction(expr, range.Index).EndsWith("_over_time", StringComparison.Ordinal);
                if (window != "$__rate_interval" && !overTheRange)
                {
                    problems.Add($"{where}: range [{window}] should be [$__rate_interval] ([$__range] only in *_over_time): {expr}");
                }
            }

            foreach (var selector in PromQlScanner.Selectors(expr))
            {
                foreach (var label in _scopingVariables.Where(variableNames.Contains))
                {
                    if (!selector.Matchers.Contains($"{label}=~\"${label}\"", StringComparison.Ordinal))
                    {
                        problems.Add($"{where}: selector {selector.Metric}{{{selector.Matchers}}} has no {label}=~\"${label}\" matcher");
                    }
                }
            }
        }
    }

    private static void CheckDatasourceVariable(List<JsonNode> variables, List<string> problems)
    {
        var datasources = variables.Where(v => Text(v["type"]) == "datasource").ToList();
        if (datasources.Count != 1)
        {
            problems.Add($"expected one datasource variable, found {datasources.Count}");
            return;
        }

        var ds = datasources[0];
        if (Text(ds["name"]) != "datasource" || Text(ds["label"]) != "Data source" || Text(ds["query"]) != "prometheus")
        {
            problems.Add("the datasource variable must be named 'datasource', labeled 'Data source' and query 'prometheus'");
        }
    }

    private static void CheckJobOrInstanceVariable(List<JsonNode> variables, string name, List<string> problems)
    {
        var variable = variables.FirstOrDefault(v => Text(v["name"]) == name);
        if (variable is null)
        {
            problems.Add($"is missing the {name} variable");
            return;
        }

        var label = char.ToUpperInvariant(name[0]) + name[1..];
        if (Text(variable["type"]) != "query")
        {
            problems.Add($"{name} variable should be a Prometheus query");
        }

        if (Text(variable["label"]) != label)
        {
            problems.Add($"{name} variable should be labeled '{label}'");
        }

        if (variable["multi"]?.GetValue<bool>() != true)
        {
            problems.Add($"{name} variable should be a multi select");
        }

        if (Text(variable["allValue"]) != ".+")
        {
            problems.Add($"{name} variable allValue should be '.+'");
        }
    }

    private static void CheckNoHardCodedDatasource(JsonNode? node, string path, List<string> problems)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "datasource" && !IsTemplatedOrBuiltIn(value))
                    {
                        problems.Add($"{path}.datasource is hard-coded: {value?.ToJsonString()}");
                    }

                    CheckNoHardCodedDatasource(value, $"{path}.{key}", problems);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckNoHardCodedDatasource(array[i], $"{path}[{i}]", problems);
                }

                break;
        }
    }

    private static bool IsTemplatedOrBuiltIn(JsonNode? datasource) => datasource switch
    {
        JsonObject obj => Text(obj["uid"]) is var uid && (uid.StartsWith('$') || (Text(obj["type"]) == "grafana" && uid == "-- Grafana --")),
        JsonValue value => Text(value).StartsWith('$'),
        _ => false,
    };

    /// <summary>The name of the function whose parenthesis encloses <paramref name="index"/>, or "".</summary>
    private static string EnclosingFunction(string expr, int index)
    {
        var depth = 0;
        for (var i = index - 1; i >= 0; i--)
        {
            if (expr[i] == ')')
            {
                depth++;
            }
            else if (expr[i] == '(' && depth-- == 0)
            {
                var end = i;
                while (end > 0 && char.IsWhiteSpace(expr[end - 1]))
                {
                    end--;
                }

                var start = end;
                while (start > 0 && (char.IsAsciiLetterOrDigit(expr[start - 1]) || expr[start - 1] == '_'))
                {
                    start--;
                }

                return expr[start..end];
            }
        }

        return string.Empty;
    }

    private static string Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;

    [GeneratedRegex(@"\[(?<range>[^\]]*)\]")]
    private static partial Regex RangeSelector();
}
