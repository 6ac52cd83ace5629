using System.Buffers;
using System.Text;
using PushExporter.Sip.Message;

namespace PushExporter.Sip.Tests.Message;

public sealed class SipMessageParserTests
{
    private const string LyncServerTimeout = """
        SIP/2.0 504 Server time-out
        ms-user-logon-data: RemoteUser
        Via: SIP/2.0/TLS 192.0.2.10:50123;branch=z9hG4bK0123456789abcdef01234567;rport=50123;received=192.0.2.10;ms-received-port=50123;ms-received-cid=1D00
        From: <sip:pushexporter@litwareinc.com>;tag=8d2f5a1c9e3b7d40
        To: <sip:push@push.lync.com>;tag=A2B1D0E3F4C5B6A7
        Call-ID: 4f1e2d3c4b5a69788796a5b4c3d2e1f0
        CSeq: 1 OPTIONS
        ms-diagnostics: 1008;reason="Unable to resolve DNS SRV record";source="edge.contoso.com";OriginalDomain="push.lync.com";HRESULT="0x8007232B(DNS_ERROR_RCODE_NAME_ERROR)"
        Server: RTC/6.0
        Content-Length: 0


        """;

    private const string FederationFailure = """
        SIP/2.0 504 Server time-out
        Via: SIP/2.0/TLS 192.0.2.10:50123;branch=z9hG4bKabc;rport=50123
        From: <sip:pushexporter@litwareinc.com>;tag=1
        To: <sip:push@push.lync.com>;tag=2
        Call-ID: c1
        CSeq: 7 MESSAGE
        ms-diagnostics-public: 1046;reason="Failed to connect to a federated peer server";source="sip.litwareinc.com";PeerServer="push.lync.com";dir="outbound"
        Content-Length: 0


        """;

    [Fact]
    public void Parses_a_Lync_504_with_ms_diagnostics()
    {
        var response = ParseDatagram<SipResponse>(LyncServerTimeout);

        Assert.Equal(504, response.StatusCode);
        Assert.Equal("Server time-out", response.ReasonPhrase);
        Assert.False(response.IsProvisional);
        Assert.Equal("z9hG4bK0123456789abcdef01234567", response.TopViaBranch);
        Assert.Equal("8d2f5a1c9e3b7d40", response.FromTag);
        Assert.Equal("A2B1D0E3F4C5B6A7", response.ToTag);
        Assert.Equal("4f1e2d3c4b5a69788796a5b4c3d2e1f0", response.CallId);
        Assert.Equal(new CSeqHeader(1, "OPTIONS"), response.CSeq);
        var diagnostics = Assert.IsType<MsDiagnostics>(response.MsDiagnostics);
        Assert.Equal(1008, diagnostics.Code);
        Assert.Equal("Unable to resolve DNS SRV record", diagnostics.Reason);
        Assert.Equal("edge.contoso.com", diagnostics.Source);
        Assert.Equal("push.lync.com", diagnostics.Parameters["originaldomain"]);
        Assert.False(diagnostics.IsPublic);
        Assert.True(response.Body.IsEmpty);
    }

    [Fact]
    public void Falls_back_to_ms_diagnostics_public()
    {
        var response = ParseDatagram<SipResponse>(FederationFailure);

        var diagnostics = Assert.IsType<MsDiagnostics>(response.MsDiagnostics);
        Assert.True(diagnostics.IsPublic);
        Assert.Equal(1046, diagnostics.Code);
        Assert.Equal("Failed to connect to a federated peer server", diagnostics.Reason);
        Assert.Equal("sip.litwareinc.com", diagnostics.Source);
        Assert.Equal("push.lync.com", diagnostics.Parameters["PeerServer"]);
        Assert.Equal(new CSeqHeader(7, "MESSAGE"), response.CSeq);
    }

    [Fact]
    public void Accepts_compact_names_in_any_case_and_trims_values()
    {
        var response = ParseDatagram<SipResponse>("""
            SIP/2.0 200 OK
            v:SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc1
            F :   <sip:a@example.com>;tag=ft   
            T:	<sip:b@example.com>;tag=tt
            I: compact-call-id
            cseq: 3 OPTIONS
            K: timer, path
            M: <sip:b@192.0.2.20>
            C: text/plain
            L: 5

            hello
            """);

        Assert.Equal(["Via", "From", "To", "Call-ID", "CSeq", "Supported", "Contact", "Content-Type", "Content-Length"],
            response.Headers.Select(h => h.Name));
        Assert.Equal("z9hG4bKc1", response.TopViaBranch);
        Assert.Equal("<sip:a@example.com>;tag=ft", response.Headers["from"]);
        Assert.Equal("ft", response.FromTag);
        Assert.Equal("tt", response.ToTag);
        Assert.Equal("compact-call-id", response.CallId);
        Assert.Equal(["timer", "path"], response.Headers.GetAll("Supported"));
        Assert.Equal("hello", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void Unfolds_continuation_lines()
    {
        var response = ParseDatagram<SipResponse>("""
            SIP/2.0 403 Forbidden
            Via: SIP/2.0/TCP 192.0.2.10:5060
              ;branch=z9hG4bKfold
            Subject: I know you're there,
            	pick up the phone
               and talk to me!
            ms-diagnostics: 1002;
             reason="Not allowed to route";source="edge"
            Content-Length: 0


            """);

        Assert.Equal("SIP/2.0/TCP 192.0.2.10:5060 ;branch=z9hG4bKfold", response.Headers["Via"]);
        Assert.Equal("z9hG4bKfold", response.TopViaBranch);
        Assert.Equal("I know you're there, pick up the phone and talk to me!", response.Headers["Subject"]);
        Assert.Equal(1002, response.MsDiagnostics?.Code);
        Assert.Equal("Not allowed to route", response.MsDiagnostics?.Reason);
    }

    [Fact]
    public void Reads_several_Via_values_on_one_line_and_on_several_lines_including_IPv6()
    {
        var response = ParseDatagram<SipResponse>("""
            SIP/2.0 200 OK
            Via: SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bKtop;received=[2001:db8::1], SIP/2.0/TCP proxy.example.com;branch=z9hG4bK2
            Via: SIP/2.0/UDP 192.0.2.3:5060;branch=z9hG4bK3;comment="a, b"
            v: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK4
            Content-Length: 0


            """);

        Assert.Equal(
            [
                "SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bKtop;received=[2001:db8::1]",
                "SIP/2.0/TCP proxy.example.com;branch=z9hG4bK2",
                "SIP/2.0/UDP 192.0.2.3:5060;branch=z9hG4bK3;comment=\"a, b\"",
                "SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK4",
            ],
            response.Headers.GetAll("Via"));
        Assert.Equal("z9hG4bKtop", response.TopViaBranch);
    }

    [Fact]
    public void Tolerates_bare_LF_line_ends()
    {
        var bytes = Encoding.UTF8.GetBytes("SIP/2.0 100 Trying\nVia: SIP/2.0/UDP h;branch=z9hG4bKlf\nContent-Length: 0\n\n");

        Assert.Equal(SipParseStatus.Complete, SipMessageParser.TryParseDatagram(bytes, SipParserLimits.Default, out var message, out _));
        var response = Assert.IsType<SipResponse>(message);
        Assert.True(response.IsProvisional);
        Assert.Equal("Trying", response.ReasonPhrase);
        Assert.Equal("z9hG4bKlf", response.TopViaBranch);
    }

    [Fact]
    public void Parses_a_request_with_its_Request_URI()
    {
        var request = ParseDatagram<SipRequest>("""
            MESSAGE sip:push@push.lync.com;transport=tls SIP/2.0
            Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKreq;rport
            Max-Forwards: 70
            Content-Type: text/plain
            Content-Length: 4

            ping
            """);

        Assert.Equal("MESSAGE", request.Method);
        Assert.Equal(SipUri.Parse("sip:push@push.lync.com;transport=tls"), request.RequestUri);
        Assert.Equal("ping", Encoding.UTF8.GetString(request.Body.Span));
    }

    [Fact]
    public void Datagram_body_is_the_rest_without_Content_Length_and_extra_bytes_are_dropped()
    {
        var withoutLength = SipText.Crlf("SIP/2.0 200 OK\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n\nbody bytes");
        var withShortLength = SipText.Crlf("SIP/2.0 200 OK\nContent-Length: 4\n\nbody bytes");

        SipMessageParser.TryParseDatagram(withoutLength, SipParserLimits.Default, out var first, out _);
        SipMessageParser.TryParseDatagram(withShortLength, SipParserLimits.Default, out var second, out _);

        Assert.Equal("body bytes", Encoding.UTF8.GetString(first!.Body.Span));
        Assert.Equal("body", Encoding.UTF8.GetString(second!.Body.Span));
    }

    [Fact]
    public void Datagram_with_a_Content_Length_beyond_its_end_is_an_error()
    {
        var bytes = SipText.Crlf("SIP/2.0 200 OK\nContent-Length: 50\n\nshort");

        Assert.Equal(SipParseStatus.Error, SipMessageParser.TryParseDatagram(bytes, SipParserLimits.Default, out _, out var error));
        Assert.Equal(SipParseErrorKind.InvalidContentLength, error!.Kind);
        Assert.Contains("50", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Datagram_of_only_keep_alives_is_incomplete()
    {
        Assert.Equal(SipParseStatus.Incomplete, SipMessageParser.TryParseDatagram("\r\n\r\n"u8, SipParserLimits.Default, out var message, out var error));
        Assert.Null(message);
        Assert.Null(error);
    }

    [Fact]
    public void Frames_several_messages_in_one_buffer_and_skips_keep_alives()
    {
        var first = SipText.Crlf(LyncServerTimeout);
        var second = SipText.Crlf("SIP/2.0 200 OK\nCall-ID: second\nContent-Length: 3\n\nabc");
        var third = SipText.Crlf("SIP/2.0 180 Ringing\nCall-ID: third\nContent-Length: 0\n\n");
        var buffer = new ReadOnlySequence<byte>([.. "\r\n\r\n"u8, .. first, .. "\r\n"u8, .. second, .. third, .. "SIP/2.0 200"u8]);

        var callIds = new List<string?>();
        while (true)
        {
            var status = SipMessageParser.TryParse(buffer, SipParserLimits.Default, out var message, out var consumed, out _);
            if (status != SipParseStatus.Complete)
            {
                Assert.Equal(SipParseStatus.Incomplete, status);
                break;
            }

            callIds.Add(message!.CallId);
            buffer = buffer.Slice(consumed);
        }

        Assert.Equal(["4f1e2d3c4b5a69788796a5b4c3d2e1f0", "second", "third"], callIds);
        Assert.Equal("SIP/2.0 200"u8.ToArray(), buffer.ToArray());
    }

    [Fact]
    public void Incomplete_consumes_only_the_keep_alives()
    {
        var buffer = new ReadOnlySequence<byte>("\r\n\r\nSIP/2.0 200 OK\r\nContent-Length: 0\r\n"u8.ToArray());

        Assert.Equal(SipParseStatus.Incomplete, SipMessageParser.TryParse(buffer, SipParserLimits.Default, out _, out var consumed, out _));
        Assert.Equal(4, buffer.Slice(0, consumed).Length);
    }

    [Fact]
    public void Frames_a_message_split_across_segments_at_every_byte_position()
    {
        var bytes = SipText.Crlf(FederationFailure.Replace("Content-Length: 0", "Content-Length: 7", StringComparison.Ordinal)
            .TrimEnd() + "\r\n\r\npayload");
        bytes = [.. bytes, .. "SIP/2.0"u8];
        var messageLength = bytes.Length - "SIP/2.0".Length;

        for (var split = 0; split <= bytes.Length; split++)
        {
            for (var prefix = 0; prefix <= bytes.Length; prefix += 37)
            {
                // Everything received so far, in two segments split at `split`.
                var received = Math.Max(prefix, split);
                var sequence = split is 0 || split >= received
                    ? new ReadOnlySequence<byte>(bytes.AsMemory(0, received))
                    : SequenceSegment.Create(bytes.AsMemory(0, split), bytes.AsMemory(split, received - split));

                var status = SipMessageParser.TryParse(sequence, SipParserLimits.Default, out var message, out var consumed, out var error);

                Assert.Null(error);
                if (received < messageLength)
                {
                    Assert.Equal(SipParseStatus.Incomplete, status);
                    continue;
                }

                Assert.Equal(SipParseStatus.Complete, status);
                Assert.Equal(messageLength, sequence.Slice(0, consumed).Length);
                Assert.Equal("payload", Encoding.UTF8.GetString(message!.Body.Span));
                Assert.Equal(1046, ((SipResponse)message).MsDiagnostics?.Code);
            }
        }
    }

    [Fact]
    public void Frames_a_message_delivered_one_byte_per_segment()
    {
        var bytes = SipText.Crlf("SIP/2.0 200 OK\nVia: SIP/2.0/TCP h;branch=z9hG4bKx\nContent-Length: 2\n\nok");
        var sequence = SequenceSegment.Create([.. bytes.Select((_, i) => bytes.AsMemory(i, 1))]);

        Assert.Equal(SipParseStatus.Complete, SipMessageParser.TryParse(sequence, SipParserLimits.Default, out var message, out var consumed, out _));
        Assert.Equal(sequence.End, consumed);
        Assert.Equal("z9hG4bKx", message!.TopViaBranch);
    }

    [Fact]
    public void Stream_messages_need_a_Content_Length()
    {
        var buffer = new ReadOnlySequence<byte>(SipText.Crlf("SIP/2.0 200 OK\nVia: SIP/2.0/TCP h\n\n"));

        Assert.Equal(SipParseStatus.Error, SipMessageParser.TryParse(buffer, SipParserLimits.Default, out _, out _, out var error));
        Assert.Equal(SipParseErrorKind.MissingContentLength, error!.Kind);
    }

    [Theory]
    [InlineData("HELLO\n\n", SipParseErrorKind.MalformedStartLine)]
    [InlineData("SIP/2.0 2000 OK\n\n", SipParseErrorKind.MalformedStartLine)]
    [InlineData("SIP/2.0 099 Low\n\n", SipParseErrorKind.MalformedStartLine)]
    [InlineData("SIP/3.0 200 OK\n\n", SipParseErrorKind.MalformedStartLine)]
    [InlineData("OPTIONS sip:a@b SIP/1.0\n\n", SipParseErrorKind.MalformedStartLine)]
    [InlineData("OPT<IONS sip:a@b SIP/2.0\n\n", SipParseErrorKind.MalformedStartLine)]
    [InlineData("OPTIONS http://a SIP/2.0\n\n", SipParseErrorKind.InvalidUri)]
    [InlineData("SIP/2.0 200 OK\nNo colon here\n\n", SipParseErrorKind.MalformedHeader)]
    [InlineData("SIP/2.0 200 OK\nBad Name: x\n\n", SipParseErrorKind.MalformedHeader)]
    [InlineData("SIP/2.0 200 OK\n: nameless\n\n", SipParseErrorKind.MalformedHeader)]
    [InlineData("SIP/2.0 200 OK\n folded first\n\n", SipParseErrorKind.MalformedHeader)]
    [InlineData("SIP/2.0 200 OK\nContent-Length: ten\n\n", SipParseErrorKind.InvalidContentLength)]
    [InlineData("SIP/2.0 200 OK\nContent-Length: -1\n\n", SipParseErrorKind.InvalidContentLength)]
    [InlineData("SIP/2.0 200 OK\nContent-Length: 0\nl: 1\n\nx", SipParseErrorKind.InvalidContentLength)]
    [InlineData("SIP/2.0 200 OK\nContent-Length: 99999999999999999999999\n\n", SipParseErrorKind.InvalidContentLength)]
    public void Malformed_messages_end_in_their_own_error_kind(string text, SipParseErrorKind kind)
    {
        var bytes = SipText.Crlf(text);

        Assert.Equal(SipParseStatus.Error, SipMessageParser.TryParseDatagram(bytes, SipParserLimits.Default, out var message, out var error));
        Assert.Null(message);
        Assert.Equal(kind, error!.Kind);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private static T ParseDatagram<T>(string text)
        where T : SipMessage
    {
        var bytes = SipText.Crlf(text);
        var status = SipMessageParser.TryParseDatagram(bytes, SipParserLimits.Default, out var message, out var error);
        Assert.True(status == SipParseStatus.Complete, error?.Message);

        // The same bytes framed on a stream give the same message.
        Assert.Equal(SipParseStatus.Complete,
            SipMessageParser.TryParse(new ReadOnlySequence<byte>(bytes), SipParserLimits.Default, out var framed, out _, out _));
        Assert.Equal(message!.Headers.ToArray(), framed!.Headers.ToArray());
        return Assert.IsType<T>(message);
    }
}
