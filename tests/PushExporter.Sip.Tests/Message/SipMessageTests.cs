using PushExporter.Sip.Message;

namespace PushExporter.Sip.Tests.Message;

public sealed class SipMessageTests
{
    [Theory]
    [InlineData("<sip:a@example.com>;tag=abc", "abc")]
    [InlineData("\"Doe; <John>\" <sip:a@example.com;tag=uri-param>;TAG=header-param", "header-param")]
    [InlineData("sip:a@example.com;tag=bare", "bare")]
    [InlineData("<sip:a@example.com;tag=inside>", null)]
    [InlineData("Anonymous <sip:a@example.com> ; tag = spaced ", "spaced")]
    public void Reads_the_tag_from_header_parameters_not_URI_parameters(string from, string? tag)
    {
        var headers = new SipHeaders();
        headers.Add("f", from);
        headers.Add("t", from);
        var response = new SipResponse(200, "OK", headers);

        Assert.Equal(tag, response.FromTag);
        Assert.Equal(tag, response.ToTag);
    }

    [Theory]
    [InlineData("1 OPTIONS", 1u, "OPTIONS")]
    [InlineData("  4294967295\t MESSAGE ", 4294967295u, "MESSAGE")]
    [InlineData("7 X-Custom", 7u, "X-Custom")]
    public void Reads_CSeq(string value, uint number, string method)
    {
        var headers = new SipHeaders();
        headers.Add("CSeq", value);

        Assert.Equal(new CSeqHeader(number, method), new SipResponse(200, "OK", headers).CSeq);
    }

    [Theory]
    [InlineData("OPTIONS")]
    [InlineData("one OPTIONS")]
    [InlineData("-1 OPTIONS")]
    [InlineData("4294967296 OPTIONS")]
    [InlineData("1 OPT IONS")]
    public void Malformed_CSeq_reads_as_null(string value)
    {
        var headers = new SipHeaders();
        headers.Add("CSeq", value);

        Assert.Null(new SipResponse(200, "OK", headers).CSeq);
    }

    [Fact]
    public void Top_Via_branch_comes_from_the_first_value_only()
    {
        var headers = new SipHeaders();
        headers.Add("Via", "SIP/2.0/UDP [2001:db8::1]:5060;rport;received=192.0.2.1, SIP/2.0/UDP b;branch=z9hG4bKsecond");

        Assert.Null(new SipResponse(200, "OK", headers).TopViaBranch);
    }

    [Fact]
    public void Prefers_ms_diagnostics_over_ms_diagnostics_public()
    {
        var headers = new SipHeaders();
        headers.Add("ms-diagnostics-public", "1046;reason=\"federated\"");
        headers.Add("ms-diagnostics", "1008;reason=\"srv\"");

        var diagnostics = new SipResponse(504, "Server time-out", headers).MsDiagnostics;

        Assert.Equal(1008, diagnostics?.Code);
        Assert.False(diagnostics?.IsPublic);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(700)]
    public void Responses_need_a_three_digit_status(int code) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipResponse(code, "x", new SipHeaders()));

    [Fact]
    public void Requests_need_a_token_method() =>
        Assert.Throws<ArgumentException>(() => new SipRequest("OPT IONS", SipUri.Parse("sip:a@b"), new SipHeaders()));
}
