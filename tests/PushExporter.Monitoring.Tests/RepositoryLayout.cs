namespace PushExporter.Monitoring.Tests;

/// <summary>Paths of the shipped monitoring files, found from the repository root.</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>The directory holding PushExporter.sln.</summary>
    public static string Root => _root.Value;

    public static string RulesFile => Path.Combine(Root, "alerts", "pushexporter.rules.yml");

    public static string RuleTestsDirectory => Path.Combine(Root, "alerts", "tests");

    public static string AlertmanagerExample => Path.Combine(Root, "alerts", "alertmanager.example.yml");

    public static string Runbooks => Path.Combine(Root, "docs", "runbooks.md");

    public static string DashboardsDirectory => Path.Combine(Root, "grafana", "dashboards");

    public static string ProvisioningDirectory => Path.Combine(Root, "grafana", "provisioning");

    public static IReadOnlyList<string> RuleTestFiles =>
        [.. Directory.EnumerateFiles(RuleTestsDirectory, "*.yml").Order(StringComparer.Ordinal)];

    public static IReadOnlyList<string> DashboardFiles =>
        [.. Directory.EnumerateFiles(DashboardsDirectory, "*.json").Order(StringComparer.Ordinal)];

    private static string FindRoot()
    {
        // The test binary runs from tests/<project>/bin/<config>/<tfm>/; walk up to the solution.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PushExporter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PushExporter.sln not found above {AppContext.BaseDirectory}");
    }
}
