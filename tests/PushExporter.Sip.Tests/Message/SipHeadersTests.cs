using PushExporter.Sip.Message;

namespace PushExporter.Sip.Tests.Message;

public sealed class SipHeadersTests
{
    [Theory]
    [InlineData("v", "Via")]
    [InlineData("f", "From")]
    [InlineData("t", "To")]
    [InlineData("i", "Call-ID")]
    [InlineData("m", "Contact")]
    [InlineData("l", "Content-Length")]
    [InlineData("c", "Content-Type")]
    [InlineData("k", "Supported")]
    [InlineData("s", "Subject")]
    [InlineData("e", "Content-Encoding")]
    [InlineData("o", "Event")]
    [InlineData("u", "Allow-Events")]
    [InlineData("r", "Refer-To")]
    [InlineData("b", "Referred-By")]
    [InlineData("call-id", "Call-ID")]
    [InlineData("CSEQ", "CSeq")]
    [InlineData("MS-DIAGNOSTICS", "ms-diagnostics")]
    [InlineData("X-Custom", "X-Custom")]
    public void Stores_names_in_canonical_long_form(string name, string canonical)
    {
        var headers = new SipHeaders();
        headers.Add(name, "value");

        Assert.Equal(canonical, Assert.Single(headers).Name);
        Assert.Equal("value", headers[canonical]);
        Assert.Equal("value", headers[name]);
        Assert.True(headers.Contains(canonical.ToUpperInvariant()));
    }

    [Fact]
    public void Keeps_order_and_duplicates()
    {
        var headers = new SipHeaders();
        headers.Add("Via", "SIP/2.0/TCP a;branch=z9hG4bK1");
        headers.Add("X-A", "1");
        headers.Add("v", "SIP/2.0/TCP b;branch=z9hG4bK2, SIP/2.0/TCP c;branch=z9hG4bK3");

        Assert.Equal(3, headers.Count);
        Assert.Equal(["Via", "X-A", "Via"], headers.Select(h => h.Name));
        Assert.Equal("SIP/2.0/TCP a;branch=z9hG4bK1", headers["via"]);
        Assert.Equal(
            ["SIP/2.0/TCP a;branch=z9hG4bK1", "SIP/2.0/TCP b;branch=z9hG4bK2", "SIP/2.0/TCP c;branch=z9hG4bK3"],
            headers.GetAll("Via"));
        Assert.Empty(headers.GetAll("Route"));
        Assert.Null(headers["Route"]);
    }

    [Fact]
    public void Splits_lists_but_never_inside_quotes_or_angle_brackets()
    {
        var headers = new SipHeaders();
        headers.Add("Contact", "\"Doe, \\\"John\\\"\" <sip:john@example.com;x=a,b>;q=0.5 , <sip:other@example.com>");
        headers.Add("Supported", "timer,  path ,,replaces");
        headers.Add("WWW-Authenticate", "Digest realm=\"a\", nonce=\"b\"");
        headers.Add("Subject", "one, two");

        Assert.Equal(["\"Doe, \\\"John\\\"\" <sip:john@example.com;x=a,b>;q=0.5", "<sip:other@example.com>"], headers.GetAll("m"));
        Assert.Equal(["timer", "path", "replaces"], headers.GetAll("k"));
        Assert.Equal(["Digest realm=\"a\", nonce=\"b\""], headers.GetAll("WWW-Authenticate"));
        Assert.Equal(["one, two"], headers.GetAll("Subject"));
    }

    [Theory]
    [InlineData("Bad Name", "v")]
    [InlineData("", "v")]
    [InlineData("X-Injected", "a\r\nVia: evil")]
    [InlineData("X-Injected", "a\nb")]
    public void Refuses_names_that_are_not_tokens_and_values_with_line_breaks(string name, string value) =>
        Assert.Throws<ArgumentException>(() => new SipHeaders().Add(name, value));
}
