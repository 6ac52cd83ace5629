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
    public void Follows_the_table_of_PRODUCT_md(int status, int? diagnostics, string phrase, string? expected)
    {
        var (reason, _) = ResponseClassifier.Classify(status, diagnostics, phrase, []);
        Assert.Equal(expected, reason);
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
