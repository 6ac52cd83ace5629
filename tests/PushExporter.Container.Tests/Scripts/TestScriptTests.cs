using System.Runtime.Versioning;
using System.Text.RegularExpressions;

namespace PushExporter.Container.Tests.Scripts;

/// <summary>
/// scripts/test.sh, the README's test command and CI's: the Debian packages it installs are
/// exactly those that the tests' install hints name, and its install step is checked through
/// stand-ins (<see cref="StubbedCommands"/>), so that no test installs, starts or builds anything.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class TestScriptTests
{
    // Where the hints of what the tests run live: the tests and their peers, the scripts they run, CI.
    private static readonly string[] _hintFolders = ["tests", "scripts", "mixin", ".ci"];

    private static readonly string[] _textExtensions = [".cs", ".sh", ".ps1", ".md", ""];

    private static readonly string[] _buildFolders = ["bin", "obj", "TestResults"];

    private const string InstallCommand = "env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends";

    [Fact]
    public async Task The_package_list_is_exactly_the_packages_that_the_install_hints_name()
    {
        var listed = await ListedPackagesAsync();
        var hints = InstallHints();

        var hinted = hints.Where(h => h.Packages is not null).SelectMany(h => h.Packages!.Select(p => (Package: p, h.Place))).ToList();
        List<string> mismatches =
        [
            .. hints.Where(h => h.Packages is null).Select(h => $"{h.Place}: an install hint whose packages come from an expression; spell them out (apt-get install NAME ...) so that they can be checked against scripts/test.sh --list"),
            .. hinted.Where(h => !listed.Contains(h.Package)).Select(h => $"{h.Place} says to install {h.Package}, which scripts/test.sh does not install: add it to its debian_packages"),
            .. listed.Where(p => !hinted.Exists(h => h.Package == p)).Select(p => $"scripts/test.sh installs {p}, which no test or script names in an install hint: remove it, or give what needs it a hint that names it"),
        ];

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Theory]
    [InlineData("0", false, "")]
    [InlineData("1000", true, "sudo ")]
    [InlineData("1000", false, "")]
    public async Task Dry_run_prints_the_apt_get_command_for_the_missing_packages_and_runs_nothing(string userId, bool sudo, string prefix)
    {
        var listed = await ListedPackagesAsync();
        string[] installed = ["kamailio", "zip", "docker.io"];
        using var commands = Stubs(userId, installed, sudo);
        var policyExisted = File.Exists("/usr/sbin/policy-rc.d");

        var run = await commands.RunTestScriptAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.Describe("scripts/test.sh --dry-run"));
        var missing = string.Join(' ', listed.Except(installed));
        Assert.Equal($"{prefix}apt-get update -qq && {prefix}{InstallCommand} {missing}", run.Output.TrimEnd('\n'));
        Assert.Empty(commands.Ran);
        Assert.Equal(policyExisted, File.Exists("/usr/sbin/policy-rc.d"));
    }

    [Fact]
    public async Task Dry_run_with_every_package_installed_prints_no_command()
    {
        using var commands = Stubs("0", await ListedPackagesAsync(), sudo: false);

        var run = await commands.RunTestScriptAsync("--dry-run");

        Assert.True(run.ExitCode == 0 && run.Output.Length == 0, run.Describe("scripts/test.sh --dry-run"));
        Assert.Contains("every package is installed", run.Error, StringComparison.Ordinal);
        Assert.Empty(commands.Ran);
    }

    [Fact]
    public async Task Dry_run_on_this_machine_names_only_listed_packages_and_changes_nothing()
    {
        var listed = await ListedPackagesAsync();
        var policyExisted = File.Exists("/usr/sbin/policy-rc.d");
        var bash = Tool.Locate("bash") ?? throw new InvalidOperationException("bash was not found on PATH");

        var run = await Tool.RunAsync(bash, [Repository.PathOf("scripts", "test.sh"), "--dry-run"], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, run.Describe("scripts/test.sh --dry-run"));
        var line = run.Output.TrimEnd('\n');
        if (line.Length > 0)
        {
            var install = line.IndexOf(InstallCommand, StringComparison.Ordinal);
            Assert.True(install > 0 && !line.Contains('\n', StringComparison.Ordinal), run.Describe("scripts/test.sh --dry-run"));
            Assert.All(line[(install + InstallCommand.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries), p => Assert.Contains(p, listed));
        }

        Assert.Equal(policyExisted, File.Exists("/usr/sbin/policy-rc.d"));
    }

    [Fact]
    public async Task Without_root_or_sudo_it_names_the_apt_get_install_to_run_and_stops()
    {
        var listed = await ListedPackagesAsync();
        using var commands = Stubs("1000", ["kamailio"], sudo: false);

        var run = await commands.RunTestScriptAsync();

        Assert.True(run.ExitCode == 2, run.Describe("scripts/test.sh"));
        Assert.Contains("not root and has no sudo", run.Error, StringComparison.Ordinal);
        Assert.Contains("apt-get update && apt-get install -y --no-install-recommends " + string.Join(' ', listed.Except(["kamailio"])) + "\n", run.Error, StringComparison.Ordinal);
        Assert.Empty(commands.Ran);
    }

    [Fact]
    public async Task With_sudo_it_installs_what_is_missing_then_builds_runs_every_project_and_sums_their_reports()
    {
        var listed = await ListedPackagesAsync();
        var projects = Directory.GetFiles(Repository.PathOf("tests"), "*.Tests.csproj", SearchOption.AllDirectories).Select(Path.GetFileNameWithoutExtension).ToList();
        // Each project reports 5 + i tests: 3 + i passed, 1 failed, 1 skipped.
        var reports = string.Concat(projects.Select((name, i) =>
            $"printf '<TestRun><ResultSummary><Counters total=\"{5 + i}\" executed=\"{4 + i}\" passed=\"{3 + i}\" failed=\"1\" error=\"0\" /></ResultSummary></TestRun>' > \"$results/{name}.trx\"\n"));
        using var commands = Stubs("1000", listed.Except(["chromium", "jsonnet"]), sudo: true)
            .Recording("docker")
            .Recording("dotnet", $"""
                [ "$1" = test ] || exit 0
                while [ $# -gt 0 ]; do [ "$1" = --results-directory ] && results=$2; shift; done
                {reports}
                """)
            .Linking("mktemp", "rm", "grep", "head", "sed", "basename");

        var run = await commands.RunTestScriptAsync();

        var passed = projects.Select((_, i) => 3 + i).Sum();
        Assert.True(run.ExitCode == 1, run.Describe("scripts/test.sh"));
        Assert.Equal($"{passed} passed, {projects.Count} failed, {projects.Count} skipped", run.Output.TrimEnd('\n').Split('\n')[^1]);
        Assert.Contains("test.sh: installing with apt-get through sudo: jsonnet chromium\n", run.Output, StringComparison.Ordinal);
        var ran = commands.Ran.Where(c => !c.StartsWith("sudo sh -c", StringComparison.Ordinal) && !c.StartsWith("sudo rm -f /usr/sbin/policy-rc.d", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "sudo apt-get update -qq",
                $"sudo {InstallCommand} jsonnet chromium",
                "docker version",
                "docker build --network host -q --build-arg REVISION=unknown -t pushexporter:container-test .",
                "dotnet restore PushExporter.sln",
                "dotnet tool restore",
                "dotnet build PushExporter.sln --no-restore -c Release",
                "dotnet format PushExporter.sln --verify-no-changes --no-restore",
            ],
            ran.Where(c => !c.Contains("build-base-images.sh", StringComparison.Ordinal) && !c.StartsWith("dotnet test", StringComparison.Ordinal)));
        Assert.Contains(ran, c => c.StartsWith("sudo env PATH=", StringComparison.Ordinal) && c.EndsWith(" bash scripts/build-base-images.sh", StringComparison.Ordinal));
        Assert.Contains(ran, c => c.StartsWith("dotnet test --solution PushExporter.sln -c Release --no-build -p:XunitTrxPerProject=true --results-directory ", StringComparison.Ordinal));
    }

    [Fact]
    public void Ci_and_the_readme_run_the_same_test_command()
    {
        var ci = File.ReadAllLines(Repository.PathOf(".ci", "run"));
        var readme = File.ReadAllText(Repository.PathOf("README.md"));

        Assert.Equal("exec bash scripts/test.sh", ci[^1]);
        Assert.Contains("```sh\nscripts/test.sh\n```", readme, StringComparison.Ordinal);
    }

    private static StubbedCommands Stubs(string userId, IEnumerable<string> installed, bool sudo)
    {
        var commands = new StubbedCommands(userId, installed);
        return sudo ? commands.Recording("sudo") : commands;
    }

    private static async Task<List<string>> ListedPackagesAsync()
    {
        var bash = Tool.Locate("bash") ?? throw new InvalidOperationException("bash was not found on PATH");
        var run = await Tool.RunAsync(bash, [Repository.PathOf("scripts", "test.sh"), "--list"], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.True(run.ExitCode == 0, run.Describe("scripts/test.sh --list"));
        return [.. run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    // Every "apt-get install NAME ..." in the hint folders, but for scripts/test.sh, which is the list itself.
    private static List<InstallHint> InstallHints()
    {
        var hints = new List<InstallHint>();
        foreach (var folder in _hintFolders)
        {
            foreach (var file in Directory.EnumerateFiles(Repository.PathOf(folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Repository.Root, file);
                if (relative == Path.Combine("scripts", "test.sh")
                    || !_textExtensions.Contains(Path.GetExtension(file))
                    || relative.Split(Path.DirectorySeparatorChar).Intersect(_buildFolders).Any())
                {
                    continue;
                }

                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    foreach (Match hint in Hint().Matches(lines[i]))
                    {
                        var packages = hint.Groups["packages"].Success
                            ? hint.Groups["packages"].Value.Split(' ').Select(p => p.TrimEnd('.')).ToList()
                            : null;
                        hints.Add(new InstallHint($"{relative}:{i + 1}", packages));
                    }
                }
            }
        }

        return hints;
    }

    [GeneratedRegex(@"apt-get install (?:(?<packages>[a-z0-9][a-z0-9.+-]*(?: [a-z0-9][a-z0-9.+-]*)*)|(?<expression>[{$]))")]
    private static partial Regex Hint();

    private sealed record InstallHint(string Place, IReadOnlyList<string>? Packages);
}
