using System.Security.Authentication;
using System.Text;
using PushExporter.Metrics;
using PushExporter.Probing;
using PushExporter.Sip.Transport;
using PushExporter.Steps;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Metrics;

/// <summary>The /probe exposition, byte for byte: what a blackbox-style scrape of one probe returns.</summary>
public sealed class ProbeExpositionTests
{
    private static readonly DateTimeOffset _at = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_failed_probe_is_written_as_the_golden_text()
    {
        var result = new ProbeResult
        {
            Target = "atl-edge",
            TargetFqdn = "atl-edge-001.litwareinc.com",
            Module = "push_route",
            StartedAt = _at,
            FinishedAt = _at.AddMilliseconds(125),
            Duration = TimeSpan.FromMilliseconds(125),
            Failure = new ProbeFailure(FailureReasons.ServerTimeout, CheckLabels.PushRoute, "the Edge answered 504 Server time-out", null, "fix it"),
            Phases = new Dictionary<ProbeStep, TimeSpan>
            {
                [ProbeStep.Config] = TimeSpan.FromMilliseconds(1),
                [ProbeStep.Dns] = TimeSpan.FromMilliseconds(4),
                [ProbeStep.Connect] = TimeSpan.FromMilliseconds(2),
                [ProbeStep.Tls] = TimeSpan.FromMilliseconds(18),
                [ProbeStep.Sip] = TimeSpan.FromMilliseconds(100),
            },
            Checks = CheckLabels.All.ToDictionary(c => c, c => c == CheckLabels.PushRoute ? CheckStatus.Failed : CheckStatus.Passed),
            SipStatusCode = 504,
            MsDiagnosticsCode = 1046,
            SipRoundTrip = TimeSpan.FromMilliseconds(100),
            Tls = new TlsSessionInfo("atl-edge-001.litwareinc.com", SslProtocols.Tls12, null, [], _at.AddDays(90), Trusted: true, ValidationErrors: null),
            Diagnosis = "Check push_route failed.",
            Trace = string.Empty,
        };

        using var output = new MemoryStream();
        await ProbeExposition.WriteAsync(result, output, TestContext.Current.CancellationToken);

        Assert.Equal(
            """
            # HELP probe_success Whether the probe succeeded.
            # TYPE probe_success gauge
            probe_success 0
            # HELP probe_duration_seconds How long the probe took, all phases.
            # TYPE probe_duration_seconds gauge
            probe_duration_seconds 0.125
            # HELP probe_dns_lookup_time_seconds How long the DNS phase took.
            # TYPE probe_dns_lookup_time_seconds gauge
            probe_dns_lookup_time_seconds 0.004
            # HELP probe_ssl_earliest_cert_expiry Earliest NotAfter in the Edge's certificate chain (Unix time).
            # TYPE probe_ssl_earliest_cert_expiry gauge
            probe_ssl_earliest_cert_expiry 1804147200
            # HELP probe_sip_status_code The final SIP status code (0: none).
            # TYPE probe_sip_status_code gauge
            probe_sip_status_code 504
            # HELP probe_sip_diagnostic_code The ms-diagnostics code of the final response (0: none).
            # TYPE probe_sip_diagnostic_code gauge
            probe_sip_diagnostic_code 1046
            # HELP probe_failure_reason 1 for the reason this probe failed, 0 for the others.
            # TYPE probe_failure_reason gauge
            probe_failure_reason{reason="server_timeout"} 1
            probe_failure_reason{reason="rejected"} 0
            probe_failure_reason{reason="bad_uri"} 0
            probe_failure_reason{reason="missing_srv"} 0
            probe_failure_reason{reason="blocked_prefix"} 0
            probe_failure_reason{reason="federation_denied"} 0
            probe_failure_reason{reason="dns_error"} 0
            probe_failure_reason{reason="connect_failed"} 0
            probe_failure_reason{reason="tls_failed"} 0
            probe_failure_reason{reason="timeout"} 0
            probe_failure_reason{reason="unexpected_response"} 0
            probe_failure_reason{reason="push_disabled"} 0
            # HELP probe_phase_duration_seconds Duration of each phase that ran.
            # TYPE probe_phase_duration_seconds gauge
            probe_phase_duration_seconds{phase="config"} 0.001
            probe_phase_duration_seconds{phase="dns"} 0.004
            probe_phase_duration_seconds{phase="connect"} 0.002
            probe_phase_duration_seconds{phase="tls"} 0.018
            probe_phase_duration_seconds{phase="sip"} 0.1

            """,
            Encoding.UTF8.GetString(output.ToArray()));
    }
}
