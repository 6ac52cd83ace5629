using System.Text.Json;
using PushExporter.Cli;
using PushExporter.Tests.EndToEnd;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Cli;

/// <summary>Every scenario through <c>pushexporter probe --output json</c>: the JSON and the exit code.</summary>
[Collection(EdgeScenarios.Name)]
[Trait("Category", "Integration")]
public sealed class ProbeCommandTests(EdgeScenarioWorld world)
{
    public static TheoryData<string> Targets => [.. ScenarioTargets.Names];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task The_probe_command_reports_the_scenario_reason(string target)
    {
        var expected = world.Targets[target];
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["probe", "--config.file", world.ConfigPath, "--target", target, "--output", "json"], output, error, TestContext.Current.CancellationToken);

        var context = $"stdout:\n{output}\nstderr:\n{error}\n{world.PeerOutput}";
        Assert.True(exit == (expected is null ? 0 : 1), $"exit {exit}\n{context}");
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal(expected is null ? "Success" : "Failure", root.GetProperty("Result").GetString());
        Assert.True(expected == root.GetProperty("Reason").GetString(), context);
        Assert.Equal(target switch { "refused" => "127.0.0.1", "dns_error" => "nxdomain-edge.test", _ => "edge.test" }, root.GetProperty("TargetFqdn").GetString());
        Assert.True(root.GetProperty("Latency").GetDouble() > 0);
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("Diagnosis").GetString()));
        Assert.Equal(expected is null, root.GetProperty("Fix").ValueKind == JsonValueKind.Null);
        Assert.Equal(expected is null, root.GetProperty("Error").ValueKind == JsonValueKind.Null);
    }

    [Theory]
    [MemberData(nameof(EdgeAnswers.Targets), MemberType = typeof(EdgeAnswers))]
    public async Task Each_ms_diagnostics_code_fails_push_route_with_its_reason_and_fix(string target)
    {
        var expected = EdgeAnswers.For(target);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["probe", "--config.file", world.ConfigPath, "--target", target, "--output", "json"], output, error, TestContext.Current.CancellationToken);

        var context = $"stdout:\n{output}\nstderr:\n{error}\n{world.PeerOutput}";
        Assert.True(exit == 1, $"exit {exit}\n{context}");
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.True(expected.Reason == root.GetProperty("Reason").GetString(), context);
        Assert.Equal(expected.Code, root.GetProperty("MsDiagnosticsCode").GetInt32());
        var checks = root.GetProperty("Checks");
        Assert.Equal("failed", checks.GetProperty("push_route").GetString());
        Assert.All(checks.EnumerateObject().Where(c => c.Name != "push_route"), c => Assert.NotEqual("failed", c.Value.GetString()));
        Assert.Equal("passed", checks.GetProperty(target == "tls_failed_1047" ? "edge_tls" : "edge_connect").GetString());
        var diagnosis = root.GetProperty("Diagnosis").GetString()!;
        Assert.StartsWith("Check push_route failed: ", diagnosis, StringComparison.Ordinal);
        Assert.Contains(expected.Meaning, diagnosis, StringComparison.Ordinal);
        Assert.Contains(expected.Fix, root.GetProperty("Fix").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ExternalInterfaces.Targets), MemberType = typeof(ExternalInterfaces))]
    public async Task The_external_interface_check_fails_external_tls_on_a_bad_certificate_or_version(string target)
    {
        var expected = ExternalInterfaces.For(target);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["probe", "--config.file", world.ConfigPath, "--target", target, "--output", "json"], output, error, TestContext.Current.CancellationToken);

        var context = $"stdout:\n{output}\nstderr:\n{error}";
        Assert.True(exit == (expected.Reason is null ? 0 : 1), $"exit {exit}\n{context}");
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        var checks = root.GetProperty("Checks");
        Assert.Equal("passed", checks.GetProperty("edge_connect").GetString());
        Assert.Equal(expected.Reason is null ? "passed" : "failed", checks.GetProperty("external_tls").GetString());
        Assert.Equal(expected.Reason is null ? "passed" : "not_run", checks.GetProperty("push_route").GetString());
        var notAfter = root.GetProperty("ExternalCertificateNotAfter");
        if (expected.Certificate is { } certificate)
        {
            Assert.Equal(certificate(world.Kamailio.Certificates).NotAfter, notAfter.GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, notAfter.ValueKind);
        }

        if (expected.Reason is not null)
        {
            Assert.Equal(expected.Reason, root.GetProperty("Reason").GetString());
            Assert.Contains(expected.Error!, root.GetProperty("Error").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("Check external_tls failed: ", root.GetProperty("Diagnosis").GetString(), StringComparison.Ordinal);
            Assert.True(expected.Reason == FailureReasons.DnsError || root.GetProperty("Diagnosis").GetString()!.Contains("Likely (inferred, not confirmed)", StringComparison.Ordinal) || root.GetProperty("Diagnosis").GetString()!.Contains(". Likely it cannot be reached", StringComparison.Ordinal), root.GetProperty("Diagnosis").GetString());
            Assert.Contains(
                expected.Reason switch { FailureReasons.TlsFailed => "Set-CsCertificate -Type AccessEdgeExternal", FailureReasons.DnsError => "Resolve-DnsName nxdomain-sip.test", _ => "switch external_tls_check off" },
                root.GetProperty("Fix").GetString(),
                StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Success_and_every_reason_have_a_scenario()
    {
        Assert.Equal(ScenarioTargets.Names.Order(), world.Targets.Keys.Order());
        Assert.Empty(ScenarioTargets.Outcomes.Except(world.Targets.Values));
    }

    [Fact]
    public async Task Text_output_reads_like_the_cmdlet()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["probe", "--config.file", world.ConfigPath, "--target", "missing_srv_diagnostics"], output, error, TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        var text = output.ToString();
        Assert.Matches(@"(?m)^TargetFqdn : edge\.test$", text);
        Assert.Matches(@"(?m)^Result     : Failure$", text);
        Assert.Matches(@"(?m)^Latency    : \d\d:\d\d:\d\d\.\d+$", text);
        Assert.Matches(@"(?m)^Reason     : missing_srv$", text);
        Assert.Contains("1008", text, StringComparison.Ordinal);
        Assert.Contains("_sipfederationtls._tcp", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ad_hoc_probe_needs_no_configuration_file()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var port = world.Kamailio.Port(PushExporter.Testing.EdgeScenario.Ok, PushExporter.Testing.PeerTransport.Tcp);
        var exit = await CommandLine.RunAsync(["probe", "--access-edge-fqdn", "127.0.0.1", "--port", $"{port}", "--transport", "tcp", "--output", "json"], output, error, TestContext.Current.CancellationToken);

        Assert.True(exit == 0, $"{output}\n{error}");
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal("Success", json.RootElement.GetProperty("Result").GetString());
        Assert.Equal(200, json.RootElement.GetProperty("SipStatusCode").GetInt32());
    }

    public static TheoryData<string> BadUsages =>
    [
        "probe",
        "probe --target x --access-edge-fqdn y",
        "probe --access-edge-fqdn edge.test --transport sctp",
        "probe --access-edge-fqdn edge.test --port 70000",
        "probe --config.file /nonexistent/pushexporter.yml --target x",
        "probe --no-such-option",
    ];

    [Theory]
    [MemberData(nameof(BadUsages))]
    public async Task Bad_usage_exits_2_with_a_message(string commandLine)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(commandLine.Split(' '), output, error, TestContext.Current.CancellationToken);
        Assert.True(exit == 2, $"exit {exit}\n{output}\n{error}");
        Assert.False(string.IsNullOrWhiteSpace(error.ToString()));
    }

    [Fact]
    public async Task An_unknown_target_exits_2_naming_the_configured_ones()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["probe", "--config.file", world.ConfigPath, "--target", "nope"], output, error, TestContext.Current.CancellationToken);
        Assert.Equal(2, exit);
        Assert.Contains("nope", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("ok_tls", error.ToString(), StringComparison.Ordinal);
    }
}
