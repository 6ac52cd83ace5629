using CsCheck;
using PushExporter.Classification;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Classification;

public sealed class ResponseClassifierTests
{
    [Theory]
    [InlineData(200, null, "OK", null)]
    [InlineData(202, null, "Accepted", null)]
    [InlineData(504, 1008, "Server time-out", FailureReasons.MissingSrv)]
    [InlineData(504, 1009, "Server time-out", FailureReasons.MissingSrv)]
    [InlineData(504, 1014, "Server time-out", FailureReasons.DnsError)]
    [InlineData(504, 1010, "Server time-out", FailureReasons.TlsFailed)]
    [InlineData(403, 1002, "Forbidden", FailureReasons.FederationDenied)]
    [InlineData(403, 1005, "Forbidden", FailureReasons.FederationDenied)]
    [InlineData(403, 1027, "Forbidden", FailureReasons.FederationDenied)]
    [InlineData(403, 16001, "Forbidden", FailureReasons.Rejected)]
    [InlineData(480, 16999, "Temporarily Unavailable", FailureReasons.Rejected)]
    [InlineData(504, 1046, "Server time-out", FailureReasons.ServerTimeout)]
    [InlineData(504, null, "Server time-out", FailureReasons.ServerTimeout)]
    [InlineData(403, null, "Domain not configured", FailureReasons.FederationDenied)]
    [InlineData(403, null, "Not federated with this domain", FailureReasons.FederationDenied)]
    [InlineData(403, null, "Forbidden", FailureReasons.Rejected)]
    [InlineData(488, null, "Not Acceptable Here", FailureReasons.Rejected)]
    [InlineData(606, null, "Not Acceptable", FailureReasons.Rejected)]
    [InlineData(500, null, "Push Notification request was rejected", FailureReasons.Rejected)]
    [InlineData(486, null, "Busy Here", FailureReasons.UnexpectedResponse)]
    [InlineData(404, null, "Not Found", FailureReasons.UnexpectedResponse)]
    [InlineData(504, 1034, "Server time-out", FailureReasons.ServerTimeout)]
    [InlineData(504, 1047, "Server time-out", FailureReasons.TlsFailed)]
    [InlineData(403, 1010, "Forbidden", FailureReasons.TlsFailed)]
    [InlineData(504, 1005, "Server time-out", FailureReasons.FederationDenied)]
    [InlineData(504, 1002, "Server time-out", FailureReasons.FederationDenied)]
    [InlineData(403, 1046, "Forbidden", FailureReasons.ServerTimeout)]
    [InlineData(500, 1034, "Server Internal Error", FailureReasons.ServerTimeout)]
    [InlineData(403, 1008, "Forbidden", FailureReasons.MissingSrv)]
    [InlineData(480, 1014, "Temporarily Unavailable", FailureReasons.DnsError)]
    [InlineData(504, 16000, "Server time-out", FailureReasons.Rejected)]
    [InlineData(504, 1007, "Server time-out", FailureReasons.ServerTimeout)]
    [InlineData(500, 1007, "Server Internal Error", FailureReasons.UnexpectedResponse)]
    public void Follows_the_table_of_PRODUCT_md(int status, int? diagnostics, string phrase, string? expected)
    {
        var (reason, _) = ResponseClassifier.Classify(status, diagnostics, phrase, []);
        Assert.Equal(expected, reason);
    }

    [Theory]
    [InlineData(1002, FailureReasons.FederationDenied)]
    [InlineData(1005, FailureReasons.FederationDenied)]
    [InlineData(1027, FailureReasons.FederationDenied)]
    [InlineData(1008, FailureReasons.MissingSrv)]
    [InlineData(1009, FailureReasons.MissingSrv)]
    [InlineData(1010, FailureReasons.TlsFailed)]
    [InlineData(1014, FailureReasons.DnsError)]
    [InlineData(1034, FailureReasons.ServerTimeout)]
    [InlineData(1046, FailureReasons.ServerTimeout)]
    [InlineData(1047, FailureReasons.TlsFailed)]
    [InlineData(16999, FailureReasons.Rejected)]
    public void An_ms_diagnostics_code_decides_whatever_the_status(int code, string expected)
    {
        foreach (var status in new[] { 403, 404, 480, 488, 500, 503, 504, 603, 606 })
        {
            Assert.Equal(expected, ResponseClassifier.Classify(status, code, "Whatever", []).Reason);
        }
    }

    [Fact]
    public void A_module_override_is_consulted_before_the_table()
    {
        var overrides = new[] { ResponseRule.Override(new CodeRange(486, 486), null, FailureReasons.ServerTimeout) };
        Assert.Equal(FailureReasons.ServerTimeout, ResponseClassifier.Classify(486, null, "Busy Here", overrides).Reason);
        Assert.Equal(FailureReasons.Rejected, ResponseClassifier.Classify(403, null, "Forbidden", overrides).Reason);
    }

    [Fact]
    public void Every_final_response_gets_success_or_a_reason_of_the_bounded_set()
    {
        var responses = Gen.Select(Gen.Int[200, 699], Gen.Select(Gen.Bool, Gen.Int[0, 20000], (present, code) => present ? code : (int?)null), Gen.String);
        responses.Sample((status, diagnostics, phrase) =>
        {
            var (reason, rule) = ResponseClassifier.Classify(status, diagnostics, phrase, []);
            Assert.False(string.IsNullOrEmpty(rule));
            Assert.True(reason is null ? status is >= 200 and < 300 : FailureReasons.All.Contains(reason));
        });
    }
}
