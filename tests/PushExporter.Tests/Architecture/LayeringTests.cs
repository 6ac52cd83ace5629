using System.Text.RegularExpressions;
using PushExporter.Testing;

namespace PushExporter.Tests.Architecture;

/// <summary>
/// The host's folders import one way. No tool here reads C# imports, so this test does: every
/// reference to a <c>PushExporter.*</c> namespace in a file of <c>src/PushExporter/&lt;Folder&gt;</c>
/// must be one of the edges below, and <c>src/PushExporter.Sip</c> knows nothing of the host.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>
    /// The intended picture, top to bottom: Cli/Web → Hosting → Metrics → Probing → Steps →
    /// Configuration → Classification → Vocabulary; Demo sits beside, for Cli. Everything may
    /// use PushExporter.Sip. A folder may import only what its row lists.
    /// </summary>
    private static readonly Dictionary<string, string[]> _allowed = new(StringComparer.Ordinal)
    {
        [""] = ["Cli"],
        ["Cli"] = ["Web", "Hosting", "Demo", "Metrics", "Probing", "Configuration", "Vocabulary"],
        ["Web"] = ["Hosting", "Metrics", "Probing", "Configuration", "Vocabulary"],
        ["Hosting"] = ["Metrics", "Probing", "Configuration", "Vocabulary"],
        ["Metrics"] = ["Probing", "Steps", "Configuration", "Vocabulary"],
        ["Demo"] = ["Configuration", "Vocabulary"],
        ["Probing"] = ["Steps", "Configuration", "Classification", "Vocabulary"],
        ["Steps"] = ["Configuration", "Classification", "Vocabulary"],
        ["Configuration"] = ["Classification", "Vocabulary"],
        ["Classification"] = ["Vocabulary"],
        ["Vocabulary"] = [],
    };

    private static string Host => RepositoryRoot.Combine("src", "PushExporter");

    [Fact]
    public void Every_folder_of_the_host_has_a_place_in_the_picture()
    {
        var folders = Directory.EnumerateDirectories(Host).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Order(StringComparer.Ordinal);

        Assert.All(folders, folder => Assert.True(_allowed.ContainsKey(folder!), $"src/PushExporter/{folder} is not in LayeringTests' table: say which layers it may import"));
    }

    [Fact]
    public void Each_file_declares_the_namespace_of_its_folder()
    {
        var wrong = SourceFiles(Host)
            .Select(file => (File: Relative(file), Expected: "PushExporter" + string.Concat(FolderPath(file).Select(part => "." + part)), Declared: NamespaceOf(file)))
            .Where(f => f.Declared != f.Expected)
            .Select(f => $"{f.File}: namespace {f.Declared ?? "(none)"}, expected {f.Expected}")
            .ToList();

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void The_host_imports_one_way()
    {
        var violations = new List<string>();
        foreach (var file in SourceFiles(Host))
        {
            var parts = FolderPath(file);
            var folder = parts.Count == 0 ? string.Empty : parts[0];
            var allowed = _allowed.GetValueOrDefault(folder) ?? [];
            foreach (var (line, target) in References(file))
            {
                if (target != folder && target != "Sip" && !allowed.Contains(target))
                {
                    violations.Add($"{Relative(file)}:{line}: {(folder.Length == 0 ? "(root)" : folder)} → {target}");
                }
            }
        }

        Assert.True(violations.Count == 0, "imports against the layering (allowed edges in LayeringTests):\n" + string.Join('\n', violations));
    }

    [Fact]
    public void The_sip_library_knows_nothing_of_the_host()
    {
        var sip = RepositoryRoot.Combine("src", "PushExporter.Sip");
        var violations = SourceFiles(sip)
            .SelectMany(file => References(file).Where(r => r.Target != "Sip").Select(r => $"{Relative(file)}:{r.Line}: → {r.Target}"))
            .ToList();

        Assert.True(violations.Count == 0, string.Join('\n', violations));
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(Path.Combine(sip, "PushExporter.Sip.csproj")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_check_finds_an_import_against_the_layers()
    {
        var file = Path.Combine(Path.GetTempPath(), $"layering-{Guid.NewGuid():N}.cs");
        File.WriteAllText(file, "using PushExporter.Probing;\nusing static PushExporter.Web.StatusPage;\nnamespace PushExporter.Vocabulary;\n/// <see cref=\"PushExporter.Hosting.ExporterApp\"/>\nclass X { PushExporter.Cli.ExitCodes? _e; string _s = \"PushExporter.Demo\"; }\n");
        try
        {
            Assert.Equal(["Probing", "Web", "Hosting", "Cli"], References(file).Select(r => r.Target));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Every <c>PushExporter.X</c> a file names: in using directives (plain, static, alias, global), qualified names and doc references.</summary>
    private static IEnumerable<(int Line, string Target)> References(string file)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("namespace ", StringComparison.Ordinal))
            {
                continue;
            }

            // A string such as the activity source name "PushExporter.Probe" is not a reference; a cref="…" is.
            var code = lines[i].TrimStart().StartsWith("///", StringComparison.Ordinal) ? lines[i] : StringLiteral().Replace(lines[i], "\"\"");
            foreach (Match match in Reference().Matches(code))
            {
                yield return (i + 1, match.Groups[1].Value);
            }
        }
    }

    private static IEnumerable<string> SourceFiles(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !FolderPathFrom(root, f).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    private static List<string> FolderPath(string file) => FolderPathFrom(Host, file);

    private static List<string> FolderPathFrom(string root, string file) =>
        [.. Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Split(Path.DirectorySeparatorChar).Where(p => p is not ("." or ""))];

    private static string? NamespaceOf(string file) =>
        File.ReadLines(file).Select(l => FileScopedNamespace().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;

    private static string Relative(string file) => Path.GetRelativePath(RepositoryRoot.Path, file);

    [GeneratedRegex(@"\bPushExporter\.([A-Z][A-Za-z0-9]*)\b")]
    private static partial Regex Reference();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^namespace\s+([A-Za-z0-9_.]+)\s*;")]
    private static partial Regex FileScopedNamespace();
}
