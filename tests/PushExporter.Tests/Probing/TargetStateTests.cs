using System.Security.Authentication;
using PushExporter.Probing;
using PushExporter.Sip.Transport;
using PushExporter.Steps;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Probing;

/// <summary>The Edge certificate's expiry outlives probes that fail before a certificate is presented.</summary>
public sealed class TargetStateTests
{
    private static readonly DateTimeOffset _at = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _notAfter = new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(CheckLabels.EdgeDns, FailureReasons.DnsError)]
    [InlineData(CheckLabels.EdgeConnect, FailureReasons.ConnectFailed)]
    [InlineData(CheckLabels.DnsSrv, FailureReasons.MissingSrv)]
    [InlineData(CheckLabels.EdgeTls, FailureReasons.Timeout)]
    public void A_probe_that_fails_before_a_certificate_keeps_the_last_expiry(string check, string reason)
    {
        var state = TargetState.Empty("edge").With(WithChain(TestResults.Success("edge", _at), _notAfter));

        var later = state.With(FailedAt(check, reason));

        Assert.Equal(_notAfter, later.CertificateNotAfter);
    }

    [Fact]
    public void A_new_chain_replaces_the_expiry()
    {
        var renewed = _notAfter.AddDays(90);
        var state = TargetState.Empty("edge").With(WithChain(TestResults.Success("edge", _at), _notAfter));

        var later = state.With(WithChain(FailedAt(CheckLabels.EdgeTls, FailureReasons.TlsFailed), renewed));

        Assert.Equal(renewed, later.CertificateNotAfter);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(CheckLabels.PushRoute)]
    public void A_probe_that_gets_past_tls_without_a_chain_drops_the_expiry(string? failedCheck)
    {
        var state = TargetState.Empty("edge").With(WithChain(TestResults.Success("edge", _at), _notAfter));

        var later = state.With(failedCheck is null ? TestResults.Success("edge", _at) : FailedAt(failedCheck, FailureReasons.ServerTimeout));

        Assert.Null(later.CertificateNotAfter);
    }

    [Theory]
    [InlineData(CheckLabels.EdgeConnect, true)]
    [InlineData(CheckLabels.EdgeTls, true)]
    [InlineData(CheckLabels.ExternalTls, true)]
    [InlineData(CheckLabels.PushRoute, false)]
    public void The_external_interface_expiry_is_kept_the_same_way(string failedCheck, bool kept)
    {
        var state = TargetState.Empty("edge").With(TestResults.Success("edge", _at) with { ExternalTls = Session(_notAfter) });

        var later = state.With(FailedAt(failedCheck, FailureReasons.TlsFailed));

        Assert.Equal(kept ? _notAfter : null, later.ExternalCertificateNotAfter);
    }

    [Fact]
    public void No_expiry_before_any_chain_was_seen() =>
        Assert.Null(TargetState.Empty("edge").With(FailedAt(CheckLabels.EdgeConnect, FailureReasons.ConnectFailed)).CertificateNotAfter);

    private static ProbeResult FailedAt(string check, string reason) => TestResults.Success("edge", _at) with
    {
        Failure = new ProbeFailure(reason, check, "failed", null, "fix it"),
        SipStatusCode = 0,
    };

    private static ProbeResult WithChain(ProbeResult result, DateTimeOffset notAfter) => result with { Tls = Session(notAfter) };

    private static TlsSessionInfo Session(DateTimeOffset notAfter) =>
        new("edge.test", SslProtocols.Tls12, null, [new TlsCertificateInfo("CN=edge.test", "CN=CA", notAfter.AddDays(-30), notAfter, "AB")], notAfter, true, null);
}
