using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PushExporter.Tests.Probing;
using PushExporter.Web;

namespace PushExporter.Tests.Web;

public sealed partial class StatusPageTests
{
    [Theory]
    [InlineData("plain text, tabs\tand\nnewlines stay", "plain text, tabs\tand\nnewlines stay")]
    [InlineData("nul\0here", @"nul\x00here")]
    [InlineData("\u001b[2Jclear", @"\x1b[2Jclear")]
    [InlineData("cr\rdel\u007f", @"cr\x0ddel\x7f")]
    [InlineData("c1\u0085\u009b", @"c1\u0085\u009b")]
    [InlineData("\u202eexe.txt\u202c \u2066iso\u2069 \u200f", @"\u202eexe.txt\u202c \u2066iso\u2069 \u200f")]
    [InlineData("Grüße, 東京 ✓", "Grüße, 東京 ✓")]
    public void Unprintable_characters_become_escapes(string text, string shown) =>
        Assert.Equal(shown, StatusPage.Printable(text));

    [Fact]
    public void The_content_security_policy_allows_exactly_the_pages_style_sheet()
    {
        var page = StatusPage.Render(
            new PushExporter.Configuration.ExporterConfig(new PushExporter.Configuration.GlobalConfig(), PushExporter.Configuration.BuiltInModules.All, []),
            new PushExporter.Probing.TargetStateStore(),
            new PushExporter.Probing.ProbeHistory(),
            new PushExporter.Configuration.ConfigHolder(null, new PushExporter.Configuration.ExporterConfig(new PushExporter.Configuration.GlobalConfig(), PushExporter.Configuration.BuiltInModules.All, []), TimeProvider.System),
            DateTimeOffset.UnixEpoch);

        var styles = StyleElement().Matches(page);
        var style = Assert.Single(styles).Groups[1].Value;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));
        Assert.Contains($"style-src 'sha256-{hash}'", StatusPage.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", StatusPage.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_summary_says_how_many_targets_are_healthy()
    {
        var config = PushExporter.Configuration.ConfigLoader.Parse(
            "targets:\n" + string.Concat("abcde".Select(t => $"  - {{ name: {t}, access_edge_fqdn: {t}.contoso.test }}\n")),
            "summary.yml",
            AppContext.BaseDirectory).Config!;
        var store = new PushExporter.Probing.TargetStateStore();
        store.SetTargets(config.Targets.Select(t => t.Name));
        store.Record(TestResults.Success("a", DateTimeOffset.UnixEpoch));
        store.Record(TestResults.Success("b", DateTimeOffset.UnixEpoch));
        store.Record(TestResults.Success("c", DateTimeOffset.UnixEpoch));
        store.Record(TestResults.Failure("d", DateTimeOffset.UnixEpoch, "missing_srv"));

        var page = StatusPage.Render(config, store, new PushExporter.Probing.ProbeHistory(), new PushExporter.Configuration.ConfigHolder(null, config, TimeProvider.System), DateTimeOffset.UnixEpoch);

        Assert.Contains("<strong>3 of 5 healthy</strong><span class=\"ok\">3 OK</span><span class=\"fail\">1 failing</span><span class=\"pending\">1 pending</span>", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
