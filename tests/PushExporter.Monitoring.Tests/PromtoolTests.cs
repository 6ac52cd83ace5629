namespace PushExporter.Monitoring.Tests;

/// <summary>The shipped rules, checked and unit-tested by Prometheus's own promtool.</summary>
[Trait("Category", "Integration")]
public sealed class PromtoolTests
{
    [Fact]
    public async Task Rule_file_passes_promtool_check_rules()
    {
        var run = await ExternalTool.Require("promtool")
            .RunAsync(["check", "rules", RepositoryLayout.RulesFile], TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Rule_unit_tests_pass_promtool_test_rules()
    {
        var files = RepositoryLayout.RuleTestFiles;
        Assert.NotEmpty(files);

        var run = await ExternalTool.Require("promtool")
            .RunAsync(["test", "rules", .. files], TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(files.Count, CountOccurrences(run.StandardOutput + run.StandardError, "SUCCESS"));
    }

    // The boundary cases must have teeth: with a weakened rule the unit tests have to fail.
    [Theory]
    [InlineData("route.test.yml", "expr: 'pushexporter_probe_success{job=\"pushexporter\"} == 0'\n    for: 2m", "expr: 'pushexporter_probe_success{job=\"pushexporter\"} == 0'\n    for: 1m")]
    [InlineData("route.test.yml", "reason=\"rejected\"} == 1'\n    for: 2m", "reason=\"rejected\"} == 1'\n    for: 1m")]
    [InlineData("certificates.test.yml", "/ 86400 < 21", "/ 86400 < 23")]
    [InlineData("certificates.test.yml", "/ 86400 < 7", "/ 86400 < 9")]
    [InlineData("certificates.test.yml", "last_over_time(pushexporter_tls_certificate_expiry_timestamp_seconds{job=\"pushexporter\"}[1h])", "pushexporter_tls_certificate_expiry_timestamp_seconds{job=\"pushexporter\"}")]
    [InlineData("stale.test.yml", "> 180", ">= 180")]
    [InlineData("slow.test.yml", "for: 10m", "for: 5m")]
    [InlineData("exporter.test.yml", "up{job=\"pushexporter\"} == 0'\n    for: 2m", "up{job=\"pushexporter\"} == 0'\n    for: 1m")]
    [InlineData("exporter.test.yml", "pushexporter_config_last_reload_successful{job=\"pushexporter\"} == 0'\n    for: 5m", "pushexporter_config_last_reload_successful{job=\"pushexporter\"} == 0'\n    for: 3m")]
    [InlineData("exporter.test.yml", "and on (job, instance) up{job=\"pushexporter\"} == 1", "and on (job, instance) up{job=\"pushexporter\"} >= 0")]
    [InlineData("exporter.test.yml", "pushexporter_probes_total{job=\"pushexporter\"}[1h]", "pushexporter_probes_total{job=\"pushexporter\"}[30m]")]
    [InlineData("exports.test.yml", "pushexporter_lync_export_readable{job=\"pushexporter\"} == 0'\n    for: 10m", "pushexporter_lync_export_readable{job=\"pushexporter\"} == 0'\n    for: 1m")]
    [InlineData("exports.test.yml", "pushexporter_lync_export_modified_timestamp_seconds{job=\"pushexporter\"} > 7200", "pushexporter_lync_export_modified_timestamp_seconds{job=\"pushexporter\"} >= 7200")]
    [InlineData("exports.test.yml", "severity: warning\n    annotations:\n      summary: 'Lync export", "severity: critical\n    annotations:\n      summary: 'Lync export")]
    [InlineData("scopes.test.yml", "| first | label \"site\" }}", "| first | label \"module\" }}")]
    [InlineData("hops.test.yml", "\"edge_tls|external_tls|push_route\" | query }}{{ $check = . | first", "\"edge_tls|external_tls\" | query }}{{ $check = . | first")]
    [InlineData("federation.test.yml", "{{ if eq $code \"1002\" }}", "{{ if eq $code \"1005\" }}")]
    [InlineData("certificates.test.yml", "interface: external", "interface: internal")]
    public async Task A_weakened_rule_fails_its_unit_tests(string testFile, string original, string weakened)
    {
        var rules = await File.ReadAllTextAsync(RepositoryLayout.RulesFile, TestContext.Current.CancellationToken);
        Assert.Contains(original, rules, StringComparison.Ordinal);

        var scratch = Directory.CreateTempSubdirectory("pushexporter-rules-");
        try
        {
            var tests = Directory.CreateDirectory(Path.Combine(scratch.FullName, "tests"));
            await File.WriteAllTextAsync(
                Path.Combine(scratch.FullName, "pushexporter.rules.yml"),
                rules.Replace(original, weakened, StringComparison.Ordinal),
                TestContext.Current.CancellationToken);
            File.Copy(Path.Combine(RepositoryLayout.RuleTestsDirectory, testFile), Path.Combine(tests.FullName, testFile));

            var run = await ExternalTool.Require("promtool")
                .RunAsync(["test", "rules", Path.Combine(tests.FullName, testFile)], TestContext.Current.CancellationToken);

            Assert.True(run.ExitCode != 0, $"the weakened rule still passes:\n{run}");
            Assert.Contains("FAILED", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
