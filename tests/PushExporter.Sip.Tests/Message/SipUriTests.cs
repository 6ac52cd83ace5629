using PushExporter.Sip.Message;

namespace PushExporter.Sip.Tests.Message;

public sealed class SipUriTests
{
    [Fact]
    public void Parses_every_part()
    {
        var uri = SipUri.Parse("SIPS:alice:secret@Edge.Contoso.com:5061;transport=tls;lr?subject=hi");

        Assert.Equal("sips", uri.Scheme);
        Assert.Equal("alice", uri.User);
        Assert.Equal("secret", uri.Password);
        Assert.Equal("Edge.Contoso.com", uri.Host);
        Assert.Equal(5061, uri.Port);
        Assert.Equal([new("transport", "tls"), new("lr", null)], uri.Parameters);
        Assert.Equal("tls", uri.GetParameter("TRANSPORT"));
        Assert.Equal(string.Empty, uri.GetParameter("lr"));
        Assert.Null(uri.GetParameter("maddr"));
        Assert.Equal("subject=hi", uri.UriHeaders);
        Assert.Equal("sips:alice:secret@Edge.Contoso.com:5061;transport=tls;lr?subject=hi", uri.ToString());
    }

    [Theory]
    [InlineData("sip:push@push.lync.com")]
    [InlineData("sip:[2001:db8::1]:5061;transport=tls")]
    [InlineData("sip:[::1]")]
    [InlineData("sip:192.0.2.1:5060")]
    [InlineData("sips:edge.contoso.com;maddr=192.0.2.7;lr")]
    public void Round_trips_through_ToString(string text)
    {
        var uri = SipUri.Parse(text);
        Assert.Equal(text, uri.ToString());
        Assert.Equal(uri, SipUri.Parse(uri.ToString()));
    }

    [Fact]
    public void Keeps_IPv6_hosts_in_brackets()
    {
        var uri = SipUri.Parse("sip:user@[2001:db8::1]:5061");
        Assert.Equal("[2001:db8::1]", uri.Host);
        Assert.Equal(5061, uri.Port);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("push@push.lync.com", "no scheme")]
    [InlineData("http://push.lync.com", "scheme 'http'")]
    [InlineData("sip:", "no host")]
    [InlineData("sip:user@", "no host")]
    [InlineData("sip:host:0", "invalid port '0'")]
    [InlineData("sip:host:99999", "invalid port")]
    [InlineData("sip:host:5o60", "invalid port")]
    [InlineData("sip:[2001:db8::1", "unterminated IPv6")]
    [InlineData("sip:ho st", "invalid host")]
    [InlineData("sip:host;bad param=1", "invalid parameter")]
    public void Rejects_malformed_text_with_a_clear_message(string text, string expected)
    {
        Assert.False(SipUri.TryParse(text, out var uri, out var error));
        Assert.Null(uri);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        var exception = Assert.Throws<FormatException>(() => SipUri.Parse(text));
        Assert.Equal(error, exception.Message);
    }

    // RFC 3261 §19.1.4, including its own examples of equivalent and non-equivalent URIs.
    [Theory]
    [InlineData("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp", true)]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5", true)]
    [InlineData("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5", true)]
    [InlineData("sip:push@push.lync.com", "SIP:push@PUSH.LYNC.COM", true)]
    [InlineData("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com", "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com", true)]
    [InlineData("sip:alice@atlanta.com?subject=project%20x&priority=urgent", "sip:alice@atlanta.com?subject=project%20x&priority=urgent", true)]
    [InlineData("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP", false)]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060", false)]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp", false)]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp", false)]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting", false)]
    [InlineData("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4", false)]
    [InlineData("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off", false)]
    [InlineData("sip:push@push.lync.com", "sips:push@push.lync.com", false)]
    [InlineData("sip:push@push.lync.com;user=phone", "sip:push@push.lync.com", false)]
    [InlineData("sip:push@push.lync.com;maddr=192.0.2.1", "sip:push@push.lync.com;maddr=192.0.2.2", false)]
    [InlineData("sip:push@push.lync.com;ttl=1", "sip:push@push.lync.com", false)]
    public void Compares_as_RFC_3261_section_19_1_4_says(string left, string right, bool equal)
    {
        var a = SipUri.Parse(left);
        var b = SipUri.Parse(right);

        Assert.Equal(equal, a.Equals(b));
        Assert.Equal(equal, b.Equals(a));
        if (equal)
        {
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }
    }
}
