using System.Buffers;
using System.Text;
using PushExporter.Sip.Message;

namespace PushExporter.Sip.Tests.Message;

public sealed class SipMessageWriterTests
{
    private static readonly SipRequestIdentifiers _fixedIds =
        new("z9hG4bK0123456789abcdef01234567", "8d2f5a1c9e3b7d40", "4f1e2d3c4b5a69788796a5b4c3d2e1f0");

    private static SipRequestOptions PushRoute => new()
    {
        Method = "OPTIONS",
        RequestUri = SipUri.Parse("sip:push@push.lync.com"),
        From = SipUri.Parse("sip:pushexporter@litwareinc.com"),
        Transport = "tls",
        ViaHost = "192.0.2.10",
        ViaPort = 50123,
    };

    [Fact]
    public void Writes_the_push_route_OPTIONS_exactly()
    {
        var text = Encoding.UTF8.GetString(SipMessageWriter.ToBytes(SipRequestFactory.Create(PushRoute, _fixedIds)));

        Assert.Equal(
            "OPTIONS sip:push@push.lync.com SIP/2.0\r\n" +
            "Via: SIP/2.0/TLS 192.0.2.10:50123;branch=z9hG4bK0123456789abcdef01234567;rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:pushexporter@litwareinc.com>;tag=8d2f5a1c9e3b7d40\r\n" +
            "To: <sip:push@push.lync.com>\r\n" +
            "Call-ID: 4f1e2d3c4b5a69788796a5b4c3d2e1f0\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Contact: <sip:pushexporter@192.0.2.10:50123;transport=tls>\r\n" +
            "User-Agent: PushExporter\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n",
            text);
    }

    [Fact]
    public void Writes_the_push_MESSAGE_with_its_body_exactly()
    {
        var body = "Push check: see http://push.lync.com/ for details ☺"u8.ToArray();
        var options = PushRoute with
        {
            Method = "MESSAGE",
            Transport = "TCP",
            ViaHost = "2001:db8::10",
            ViaPort = 5061,
            To = SipUri.Parse("sip:push@push.lync.com;transport=tls"),
            ContentType = "text/plain; charset=UTF-8",
            Body = body,
            CSeq = 42,
            UserAgent = "PushExporter/1.0",
            ExtraHeaders = [new("Content-Length", "999"), new("X-Probe", "push_message")],
        };

        var bytes = SipMessageWriter.ToBytes(SipRequestFactory.Create(options, _fixedIds));

        var expected =
            "MESSAGE sip:push@push.lync.com SIP/2.0\r\n" +
            "Via: SIP/2.0/TCP [2001:db8::10]:5061;branch=z9hG4bK0123456789abcdef01234567;rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:pushexporter@litwareinc.com>;tag=8d2f5a1c9e3b7d40\r\n" +
            "To: <sip:push@push.lync.com;transport=tls>\r\n" +
            "Call-ID: 4f1e2d3c4b5a69788796a5b4c3d2e1f0\r\n" +
            "CSeq: 42 MESSAGE\r\n" +
            "Contact: <sip:pushexporter@[2001:db8::10]:5061;transport=tcp>\r\n" +
            "User-Agent: PushExporter/1.0\r\n" +
            "Content-Type: text/plain; charset=UTF-8\r\n" +
            "X-Probe: push_message\r\n" +
            $"Content-Length: {body.Length}\r\n" +
            "\r\n" +
            "Push check: see http://push.lync.com/ for details ☺";
        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Writes_a_response_and_adds_no_Max_Forwards_to_it()
    {
        var headers = new SipHeaders();
        headers.Add("v", "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1");
        headers.Add("l", "12");
        var response = new SipResponse(504, "Server time-out", headers);

        Assert.Equal(
            "SIP/2.0 504 Server time-out\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n",
            Encoding.UTF8.GetString(SipMessageWriter.ToBytes(response)));
    }

    [Fact]
    public void Adds_Max_Forwards_to_a_request_without_one_and_keeps_an_explicit_one()
    {
        var uri = SipUri.Parse("sip:push@push.lync.com");
        var bare = Encoding.UTF8.GetString(SipMessageWriter.ToBytes(new SipRequest("OPTIONS", uri, new SipHeaders())));
        var headers = new SipHeaders();
        headers.Add("Max-Forwards", "0");
        var explicitZero = Encoding.UTF8.GetString(SipMessageWriter.ToBytes(new SipRequest("OPTIONS", uri, headers)));

        Assert.Equal("OPTIONS sip:push@push.lync.com SIP/2.0\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n", bare);
        Assert.Equal("OPTIONS sip:push@push.lync.com SIP/2.0\r\nMax-Forwards: 0\r\nContent-Length: 0\r\n\r\n", explicitZero);
    }

    [Fact]
    public void Writes_through_an_IBufferWriter_in_small_spans()
    {
        var request = SipRequestFactory.Create(PushRoute, _fixedIds);
        var output = new ArrayBufferWriter<byte>(1);

        SipMessageWriter.Write(request, output);

        Assert.Equal(SipMessageWriter.ToBytes(request), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Factory_generates_fresh_identifiers_each_time()
    {
        var first = SipRequestFactory.Create(PushRoute);
        var second = SipRequestFactory.Create(PushRoute);

        Assert.StartsWith("z9hG4bK", first.TopViaBranch, StringComparison.Ordinal);
        Assert.True(first.TopViaBranch!.Length >= 7 + 16);
        Assert.NotEqual(first.TopViaBranch, second.TopViaBranch);
        Assert.NotEqual(first.FromTag, second.FromTag);
        Assert.NotEqual(first.CallId, second.CallId);
        Assert.Null(first.ToTag);
        Assert.Equal(new CSeqHeader(1, "OPTIONS"), first.CSeq);
    }

    [Theory]
    [InlineData("SCTP", 5061, null, false)]
    [InlineData("TLS", 0, null, false)]
    [InlineData("TLS", 5061, null, true)]
    public void Factory_refuses_invalid_options(string transport, int port, string? contentType, bool withBody)
    {
        var options = PushRoute with
        {
            Transport = transport,
            ViaPort = port,
            ContentType = contentType,
            Body = withBody ? "x"u8.ToArray() : default,
        };

        Assert.Throws<ArgumentException>(() => SipRequestFactory.Create(options));
    }
}
