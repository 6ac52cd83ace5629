using System.Net;
using System.Text.Json;
using PushExporter.Cli;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// The configuration audit against the real Kamailio Edge stand-in: each row of the facts page's
/// failure table that the exports decide, built as an export folder, seen with its reason, its
/// failing check and its fix through <c>probe --output json</c>, <c>/metrics</c> and <c>/probe</c>;
/// and exports that cannot be read, seen as such and never as a Lync fault.
/// </summary>
[Collection(EdgeScenarios.Name)]
[Trait("Category", "Integration")]
public sealed class ConfigAuditTests(EdgeScenarioWorld world, ExporterHost host) : IClassFixture<ExporterHost>
{
    private static readonly string[] _auditChecks =
    [
        CheckLabels.ProxyUri, CheckLabels.ImFilter, CheckLabels.PushServices,
        CheckLabels.FederationEnabled, CheckLabels.HostingProvider, CheckLabels.AllowedDomain,
    ];

    private readonly HttpClient _http = host.Http;

    public static TheoryData<string> Failures => [.. ConfigAuditScenario.All.Where(s => s.Reason is not null).Select(s => s.Target)];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task The_probe_command_reports_the_reason_the_failing_check_and_the_fix(string target)
    {
        var scenario = Scenario(target);

        var (exit, root, context) = await ProbeJson(target);

        Assert.True(exit == 1, context);
        Assert.Equal("Failure", root.GetProperty("Result").GetString());
        Assert.True(scenario.Reason == root.GetProperty("Reason").GetString(), context);
        Assert.Contains(scenario.Fix!, root.GetProperty("Fix").GetString(), StringComparison.Ordinal);
        Assert.StartsWith($"Check {scenario.Check} failed: ", root.GetProperty("Diagnosis").GetString(), StringComparison.Ordinal);
        var checks = root.GetProperty("Checks");
        Assert.All(_auditChecks, c => Assert.True((c == scenario.Check ? "failed" : "passed") == checks.GetProperty(c).GetString(), $"{c}: {context}"));
        Assert.Equal("not_run", checks.GetProperty(CheckLabels.PushRoute).GetString());
        Assert.All(LyncExportLabels.All, e => Assert.True(root.GetProperty("Exports").GetProperty(e).GetProperty("Readable").GetBoolean(), context));
    }

    [Fact]
    public async Task A_healthy_export_passes_every_check_of_the_audit()
    {
        var (exit, root, context) = await ProbeJson("audit_ok");

        Assert.True(exit == 0, context);
        Assert.All(_auditChecks.Append(CheckLabels.PushRoute), c => Assert.Equal("passed", root.GetProperty("Checks").GetProperty(c).GetString()));
        var mcx = root.GetProperty("Exports").GetProperty(LyncExportLabels.Mcx);
        Assert.EndsWith("/lync-audit_ok/mcx.json", mcx.GetProperty("File").GetString(), StringComparison.Ordinal);
        Assert.True(mcx.GetProperty("Modified").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(JsonValueKind.Null, mcx.GetProperty("Error").ValueKind);
    }

    [Fact]
    public async Task An_unreadable_export_is_reported_as_such_and_the_probe_goes_on()
    {
        var (exit, root, context) = await ProbeJson("audit_exports_unreadable");

        Assert.True(exit == 0, context);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("Reason").ValueKind);
        var checks = root.GetProperty("Checks");
        Assert.Equal("passed", checks.GetProperty(CheckLabels.ProxyUri).GetString());
        Assert.Equal("passed", checks.GetProperty(CheckLabels.HostingProvider).GetString());
        Assert.Equal("passed", checks.GetProperty(CheckLabels.PushRoute).GetString());
        foreach (var check in new[] { CheckLabels.ImFilter, CheckLabels.PushServices, CheckLabels.FederationEnabled, CheckLabels.AllowedDomain })
        {
            Assert.Equal("not_run", checks.GetProperty(check).GetString());
        }

        var exports = root.GetProperty("Exports");
        foreach (var (export, exists) in ConfigAuditScenario.Spoiled)
        {
            var health = exports.GetProperty(export);
            Assert.False(health.GetProperty("Readable").GetBoolean());
            Assert.Equal(exists, health.GetProperty("Modified").ValueKind == JsonValueKind.String);
            Assert.Contains(health.GetProperty("File").GetString()!, health.GetProperty("Error").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains("invalid JSON at line 1", exports.GetProperty(LyncExportLabels.ImFilter).GetProperty("Error").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("file not found", exports.GetProperty(LyncExportLabels.PushNotification).GetProperty("Error").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("larger than the 4 MiB an export may be", exports.GetProperty(LyncExportLabels.AccessEdge).GetProperty("Error").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("a directory, not an export file", exports.GetProperty(LyncExportLabels.AllowedDomains).GetProperty("Error").GetString(), StringComparison.Ordinal);
        Assert.Contains("Export im_filter not readable, its checks not run: ", root.GetProperty("Diagnosis").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_carry_each_failing_check_and_the_health_of_each_export()
    {
        var samples = await ScrapeUntil(s => ConfigAuditScenario.Names.All(t => s.Value("pushexporter_probe_last_run_timestamp_seconds", ("target", t)) is not null));

        foreach (var scenario in ConfigAuditScenario.All)
        {
            var target = ("target", scenario.Target);
            var context = $"target {scenario.Target}";
            Assert.True((scenario.Reason is null ? 1 : 0) == samples.Value("pushexporter_probe_success", target), context);
            foreach (var reason in FailureReasons.All)
            {
                Assert.True((reason == scenario.Reason ? 1 : 0) == samples.Value("pushexporter_probe_failure_reason", target, ("reason", reason)), $"{context} reason {reason}");
            }

            var spoiled = scenario.Target == "audit_exports_unreadable";
            foreach (var check in _auditChecks)
            {
                double? expected = check == scenario.Check ? 0
                    : spoiled && check is not (CheckLabels.ProxyUri or CheckLabels.HostingProvider) ? null
                    : 1;
                Assert.True(expected == samples.Value("pushexporter_check_success", target, ("check", check)), $"{context} check {check}");
            }

            foreach (var export in LyncExportLabels.All)
            {
                var unreadable = spoiled && ConfigAuditScenario.Spoiled.ContainsKey(export);
                Assert.True((unreadable ? 0 : 1) == samples.Value("pushexporter_lync_export_readable", target, ("export", export)), $"{context} export {export}");
                var exists = !unreadable || ConfigAuditScenario.Spoiled[export];
                var modified = samples.Value("pushexporter_lync_export_modified_timestamp_seconds", target, ("export", export));
                Assert.True(exists == modified > DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds(), $"{context} export {export} modified {modified}");
            }
        }

        // A target that names no export has no export series at all.
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("pushexporter_lync_export_", StringComparison.Ordinal) && s.Labels.GetValueOrDefault("target") == "ok_tls");
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task The_probe_endpoint_reports_the_reason_and_its_trace_the_failing_check_and_the_fix(string target)
    {
        var scenario = Scenario(target);

        using var response = await _http.GetAsync(new Uri($"probe?target={target}", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var debug = await _http.GetStringAsync(new Uri($"probe?target={target}&debug=true", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var samples = ExpositionText.Parse(body);
        Assert.Equal(0, samples.Value("probe_success"));
        Assert.True(samples.Value("probe_failure_reason", ("reason", scenario.Reason!)) == 1, body);
        Assert.Contains($"Check {scenario.Check} failed: ", debug, StringComparison.Ordinal);
        Assert.Contains($"Reason     : {scenario.Reason}\n", debug, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^Fix        : .*{System.Text.RegularExpressions.Regex.Escape(scenario.Fix!)}", debug);
    }

    private static ConfigAuditScenario Scenario(string target) => ConfigAuditScenario.All.Single(s => s.Target == target);

    private async Task<(int Exit, JsonElement Root, string Context)> ProbeJson(string target)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["probe", "--config.file", world.ConfigPath, "--target", target, "--output", "json"], output, error, TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(output.ToString());
        return (exit, json.RootElement.Clone(), $"exit {exit}\nstdout:\n{output}\nstderr:\n{error}");
    }

    private async Task<IReadOnlyList<ExpositionText.Sample>> ScrapeUntil(Func<IReadOnlyList<ExpositionText.Sample>, bool> done)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var samples = ExpositionText.Parse(await _http.GetStringAsync(new Uri("metrics", UriKind.Relative), deadline.Token));
            if (done(samples))
            {
                return samples;
            }

            await Task.Delay(200, deadline.Token);
        }
    }
}
