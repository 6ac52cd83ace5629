namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// Every ms-diagnostics code through the host: on /metrics after a timer run (the reason, the
/// failing push_route check, the code) and on /probe (the reason and code, and with
/// <c>debug=true</c> the failing check, the meaning and the fix).
/// </summary>
public sealed partial class ExporterHostTests
{
    [Fact]
    public async Task After_a_timer_run_metrics_carry_each_codes_reason_check_and_code()
    {
        var samples = await ScrapeUntil(s => EdgeAnswers.All.All(e => s.Value("pushexporter_probe_last_run_timestamp_seconds", ("target", e.Target)) is not null));
        foreach (var expected in EdgeAnswers.All)
        {
            var target = ("target", expected.Target);
            Assert.True(samples.Value("pushexporter_probe_failure_reason", target, ("reason", expected.Reason)) == 1, expected.Target);
            Assert.True(samples.Value("pushexporter_check_success", target, ("check", "push_route")) == 0, expected.Target);
            Assert.True(samples.Value("pushexporter_sip_diagnostic_code", target) == expected.Code, expected.Target);
        }

        Assert.Equal(1, samples.Value("pushexporter_check_success", ("target", "tls_failed_1047"), ("check", "edge_tls")));
        Assert.Equal(1, samples.Value("pushexporter_check_success", ("target", "missing_srv_1009"), ("check", "dns_srv")));
    }

    [Theory]
    [MemberData(nameof(EdgeAnswers.Targets), MemberType = typeof(EdgeAnswers))]
    public async Task Probe_endpoint_reports_each_codes_reason_check_and_fix(string target)
    {
        var expected = EdgeAnswers.For(target);
        var body = await _http.GetStringAsync(new Uri($"probe?target={target}", UriKind.Relative), TestContext.Current.CancellationToken);
        var samples = ExpositionText.Parse(body);
        Assert.True(samples.Value("probe_failure_reason", ("reason", expected.Reason)) == 1, body);
        Assert.True(samples.Value("probe_sip_diagnostic_code") == expected.Code, body);

        var debug = await _http.GetStringAsync(new Uri($"probe?target={target}&debug=true", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains($"Reason     : {expected.Reason}\n", debug, StringComparison.Ordinal);
        Assert.Contains("Diagnosis  : Check push_route failed: ", debug, StringComparison.Ordinal);
        Assert.Contains(expected.Meaning, debug, StringComparison.Ordinal);
        Assert.Matches($"(?m)^Fix        : .*{System.Text.RegularExpressions.Regex.Escape(expected.Fix)}", debug);
    }
}
