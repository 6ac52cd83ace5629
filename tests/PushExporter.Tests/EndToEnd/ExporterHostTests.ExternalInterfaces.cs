namespace PushExporter.Tests.EndToEnd;

/// <summary>The external interface check through the host: its check, reason and expiry on /metrics and /probe.</summary>
public sealed partial class ExporterHostTests
{
    [Fact]
    public async Task After_a_timer_run_metrics_carry_the_external_interface_check_and_its_expiry()
    {
        var samples = await ScrapeUntil(s => ExternalInterfaces.All.All(e => s.Value("pushexporter_probe_last_run_timestamp_seconds", ("target", e.Target)) is not null));
        foreach (var expected in ExternalInterfaces.All)
        {
            var target = ("target", expected.Target);
            Assert.True(samples.Value("pushexporter_check_success", target, ("check", "external_tls")) == (expected.Reason is null ? 1 : 0), expected.Target);
            Assert.True(samples.Value("pushexporter_probe_success", target) == (expected.Reason is null ? 1 : 0), expected.Target);
            var expiry = samples.Value("pushexporter_external_tls_certificate_expiry_timestamp_seconds", target);
            Assert.True(
                expiry == expected.Certificate?.Invoke(world.Kamailio.Certificates).NotAfter.ToUnixTimeSeconds(),
                $"{expected.Target}: external expiry {expiry}");
        }

        Assert.True(samples.Value("pushexporter_external_tls_certificate_expiry_timestamp_seconds", ("target", "external_tls_expired")) < DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Null(samples.Value("pushexporter_check_success", ("target", "ok_tls"), ("check", "external_tls")));
        Assert.Null(samples.Value("pushexporter_external_tls_certificate_expiry_timestamp_seconds", ("target", "ok_tls")));
    }

    [Theory]
    [MemberData(nameof(ExternalInterfaces.Targets), MemberType = typeof(ExternalInterfaces))]
    public async Task Probe_endpoint_reports_the_external_interface_check(string target)
    {
        var expected = ExternalInterfaces.For(target);
        var samples = ExpositionText.Parse(await _http.GetStringAsync(new Uri($"probe?target={target}", UriKind.Relative), TestContext.Current.CancellationToken));
        Assert.Equal(expected.Reason is null ? 1 : 0, samples.Value("probe_success"));

        var debug = await _http.GetStringAsync(new Uri($"probe?target={target}&debug=true", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Matches(@"external interface: TLS 1\.2 to [a-z.-]+\.test:\d+, trusting ", debug);
        if (expected.Reason is not null)
        {
            Assert.Equal(1, samples.Value("probe_failure_reason", ("reason", expected.Reason)));
            Assert.Contains("Diagnosis  : Check external_tls failed: ", debug, StringComparison.Ordinal);
            Assert.Contains(expected.Error!, debug, StringComparison.Ordinal);
        }
    }
}
