using System.Buffers;
using System.Text;
using PushExporter.Sip.Message;

namespace PushExporter.Sip.Tests.Message;

public sealed class SipParserLimitsTests
{
    private static readonly SipParserLimits _small = new()
    {
        MaxLineLength = 100,
        MaxHeaderCount = 5,
        MaxHeaderBytes = 400,
        MaxBodyLength = 50,
    };

    public static TheoryData<string, SipParseErrorKind, string> Violations => new()
    {
        { "SIP/2.0 200 OK\r\nX-Long: " + new string('a', 120) + "\r\n\r\n", SipParseErrorKind.LineTooLong, "header line exceeds the 100-byte limit" },
        { "OPTIONS sip:" + new string('a', 120) + "@b SIP/2.0\r\n\r\n", SipParseErrorKind.LineTooLong, "start line exceeds the 100-byte limit" },
        { "SIP/2.0 200 OK\r\n" + string.Concat(Enumerable.Repeat("X-A: 1\r\n", 6)) + "\r\n", SipParseErrorKind.TooManyHeaders, "more than the 5-header limit" },
        { "SIP/2.0 200 OK\r\n" + string.Concat(Enumerable.Repeat("X-A: " + new string('b', 90) + "\r\n", 5)) + "\r\n", SipParseErrorKind.HeadersTooLarge, "header section exceeds the 400-byte limit" },
        { "SIP/2.0 200 OK\r\nContent-Length: 51\r\n\r\n" + new string('c', 51), SipParseErrorKind.BodyTooLarge, "Content-Length 51 exceeds the 50-byte body limit" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Each_limit_ends_in_its_own_error_on_streams_and_datagrams(string text, SipParseErrorKind kind, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        Assert.Equal(SipParseStatus.Error, SipMessageParser.TryParse(new ReadOnlySequence<byte>(bytes), _small, out _, out _, out var streamError));
        Assert.Equal(SipParseStatus.Error, SipMessageParser.TryParseDatagram(bytes, _small, out _, out var datagramError));
        Assert.Equal(kind, streamError!.Kind);
        Assert.Equal(kind, datagramError!.Kind);
        Assert.Contains(message, streamError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folded_header_counts_once()
    {
        var text = "SIP/2.0 200 OK\r\n" + string.Concat(Enumerable.Repeat("X-A: 1\r\n 2\r\n", 5)) + "Content-Length: 0\r\n\r\n";

        Assert.Equal(SipParseStatus.Error, SipMessageParser.TryParseDatagram(Encoding.UTF8.GetBytes(text), _small, out _, out var error));
        Assert.Equal(SipParseErrorKind.TooManyHeaders, error!.Kind);
        var five = "SIP/2.0 200 OK\r\n" + string.Concat(Enumerable.Repeat("X-A: 1\r\n 2\r\n", 4)) + "Content-Length: 0\r\n\r\n";
        Assert.Equal(SipParseStatus.Complete, SipMessageParser.TryParseDatagram(Encoding.UTF8.GetBytes(five), _small, out _, out _));
    }

    [Fact]
    public void A_line_that_never_ends_fails_as_soon_as_it_passes_the_limit()
    {
        var line = "SIP/2.0 200 OK\r\nX-Endless: " + new string('z', 80);
        Assert.Equal(SipParseStatus.Incomplete,
            SipMessageParser.TryParse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)), _small, out _, out _, out _));

        var longer = Encoding.UTF8.GetBytes(line + new string('z', 30));
        Assert.Equal(SipParseStatus.Error, SipMessageParser.TryParse(new ReadOnlySequence<byte>(longer), _small, out _, out _, out var error));
        Assert.Equal(SipParseErrorKind.LineTooLong, error!.Kind);
    }

    [Fact]
    public void Headers_that_never_end_fail_as_soon_as_they_pass_the_limit()
    {
        var builder = new StringBuilder("SIP/2.0 200 OK\r\n");
        SipParseStatus status;
        SipParseError? error;
        do
        {
            builder.Append("X-A: ").Append('d', 60).Append("\r\n");
            var bytes = Encoding.UTF8.GetBytes(builder.ToString());
            status = SipMessageParser.TryParse(new ReadOnlySequence<byte>(bytes), _small with { MaxHeaderCount = 1000 }, out _, out _, out error);
            Assert.True(status != SipParseStatus.Incomplete || bytes.Length <= _small.MaxHeaderBytes);
        }
        while (status == SipParseStatus.Incomplete);

        Assert.Equal(SipParseErrorKind.HeadersTooLarge, error!.Kind);
    }

    [Fact]
    public void A_huge_Content_Length_fails_before_its_body_arrives()
    {
        var bytes = "SIP/2.0 200 OK\r\nContent-Length: 10000000\r\n\r\n"u8.ToArray();

        Assert.Equal(SipParseStatus.Error,
            SipMessageParser.TryParse(new ReadOnlySequence<byte>(bytes), SipParserLimits.Default, out _, out _, out var error));
        Assert.Equal(SipParseErrorKind.BodyTooLarge, error!.Kind);
        Assert.Equal("Content-Length 10000000 exceeds the 65536-byte body limit", error.Message);
    }

    [Fact]
    public void A_datagram_body_without_Content_Length_is_bounded_too()
    {
        var bytes = Encoding.UTF8.GetBytes("SIP/2.0 200 OK\r\n\r\n" + new string('e', 51));

        Assert.Equal(SipParseStatus.Error, SipMessageParser.TryParseDatagram(bytes, _small, out _, out var error));
        Assert.Equal(SipParseErrorKind.BodyTooLarge, error!.Kind);
    }

    [Fact]
    public void Default_limits_are_the_documented_ones()
    {
        Assert.Equal(8192, SipParserLimits.Default.MaxLineLength);
        Assert.Equal(128, SipParserLimits.Default.MaxHeaderCount);
        Assert.Equal(65536, SipParserLimits.Default.MaxHeaderBytes);
        Assert.Equal(65536, SipParserLimits.Default.MaxBodyLength);
    }
}
