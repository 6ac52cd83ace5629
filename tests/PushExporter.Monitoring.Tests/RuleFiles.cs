using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace PushExporter.Monitoring.Tests;

/// <summary>Reads the Prometheus rule file and the promtool unit test files.</summary>
public static class RuleFiles
{
    private static readonly IDeserializer _yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public static IReadOnlyList<AlertingRule> LoadAlerts() => ParseAlerts(File.ReadAllText(RepositoryLayout.RulesFile));

    /// <summary>The alerting rules of a rule file's text, in file order.</summary>
    public static IReadOnlyList<AlertingRule> ParseAlerts(string ruleFileText)
    {
        var file = _yaml.Deserialize<RuleFileDocument>(ruleFileText);
        return [.. file.Groups.SelectMany(g => g.Rules).Where(r => r.Alert is not null)];
    }

    public static IReadOnlyList<AlertRuleTestCase> LoadAlertTestCases() =>
        [.. RepositoryLayout.RuleTestFiles.SelectMany(path =>
            _yaml.Deserialize<RuleTestDocument>(File.ReadAllText(path)).Tests
                .SelectMany(test => test.AlertRuleTest.Select(c => c with { File = Path.GetFileName(path), Test = test.Name })))];
}

public sealed record RuleFileDocument
{
    public List<RuleGroupDocument> Groups { get; init; } = [];
}

public sealed record RuleGroupDocument
{
    public string Name { get; init; } = string.Empty;

    public List<AlertingRule> Rules { get; init; } = [];
}

public sealed record AlertingRule
{
    public string? Alert { get; init; }

    public string Expr { get; init; } = string.Empty;

    public string? For { get; init; }

    public Dictionary<string, string> Labels { get; init; } = [];

    public Dictionary<string, string> Annotations { get; init; } = [];
}

public sealed record RuleTestDocument
{
    public List<string> RuleFiles { get; init; } = [];

    public List<RuleTestGroup> Tests { get; init; } = [];
}

public sealed record RuleTestGroup
{
    public string Name { get; init; } = string.Empty;

    public List<AlertRuleTestCase> AlertRuleTest { get; init; } = [];
}

public sealed record AlertRuleTestCase
{
    public string File { get; init; } = string.Empty;

    public string Test { get; init; } = string.Empty;

    public string EvalTime { get; init; } = string.Empty;

    public string Alertname { get; init; } = string.Empty;

    public List<ExpectedAlert> ExpAlerts { get; init; } = [];
}

public sealed record ExpectedAlert
{
    public Dictionary<string, string> ExpLabels { get; init; } = [];

    public Dictionary<string, string> ExpAnnotations { get; init; } = [];
}
