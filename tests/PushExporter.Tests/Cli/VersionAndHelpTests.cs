using System.Text.RegularExpressions;
using PushExporter.Cli;

namespace PushExporter.Tests.Cli;

/// <summary><c>--version</c> in the Prometheus exporters' shape, and <c>--help</c> saying each default once.</summary>
public sealed partial class VersionAndHelpTests
{
    [Fact]
    public async Task Version_prints_name_version_branch_revision_build_date_runtime_and_platform()
    {
        var (exit, output) = await Run("--version");

        Assert.Equal(0, exit);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Matches(FirstLine(), lines[0]);
        Assert.Matches(@"^  build date:       (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z|unknown)$", lines[1]);
        Assert.Matches(@"^  runtime:          \.NET \d+\.\d+\.\d+.* \((JIT|native AOT)\)$", lines[2]);
        Assert.Matches(@"^  platform:         (linux|windows|darwin)/(amd64|arm64|386)$", lines[3]);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("serve", "--help")]
    [InlineData("probe", "--help")]
    [InlineData("check-config", "--help")]
    [InlineData("healthcheck", "--help")]
    public async Task Help_states_each_default_once(params string[] arguments)
    {
        var (exit, output) = await Run(arguments);

        Assert.Equal(0, exit);
        Assert.Contains("[default: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain(output.Split('\n'), line => line.Contains("(default", StringComparison.OrdinalIgnoreCase) && line.Contains("[default:", StringComparison.Ordinal));
    }

    private static async Task<(int Exit, string Output)> Run(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(arguments, output, error, TestContext.Current.CancellationToken);
        return (exit, output.ToString() + error);
    }

    [GeneratedRegex(@"^pushexporter, version \d+\.\d+\.\d+\S* \(branch: \S+, revision: (?:[0-9a-f]{7,40}|unknown)\)$")]
    private static partial Regex FirstLine();
}
