using System.Buffers;
using System.Diagnostics;
using CsCheck;
using PushExporter.Sip.Message;

namespace PushExporter.Sip.Tests.Message;

public sealed class SipMessagePropertyTests
{
    private static readonly TimeSpan _perInputBound = TimeSpan.FromSeconds(1);

    [Fact]
    public void Writing_then_parsing_a_request_gives_it_back() =>
        SipMessageGenerators.Request.Sample(request =>
        {
            var parsed = Assert.IsType<SipRequest>(RoundTrip(request));
            Assert.Equal(request.Method, parsed.Method);
            Assert.Equal(request.RequestUri, parsed.RequestUri);
            Assert.Equal(request.RequestUri.ToString(), parsed.RequestUri.ToString());
            AssertSameHeadersAndBody(request, parsed);
        }, iter: 400);

    [Fact]
    public void Writing_then_parsing_a_response_gives_it_back() =>
        SipMessageGenerators.Response.Sample(response =>
        {
            var parsed = Assert.IsType<SipResponse>(RoundTrip(response));
            Assert.Equal(response.StatusCode, parsed.StatusCode);
            Assert.Equal(response.ReasonPhrase, parsed.ReasonPhrase);
            AssertSameHeadersAndBody(response, parsed);
        }, iter: 400);

    [Fact]
    public void Arbitrary_bytes_end_in_a_status_never_an_exception() =>
        Gen.Byte.Array[0, 2000].Sample(ParsesWithoutThrowing, iter: 1000);

    [Fact]
    public void Sip_shaped_noise_ends_in_a_status_never_an_exception() =>
        SipMessageGenerators.SipishBytes.Sample(ParsesWithoutThrowing, iter: 3000);

    [Fact]
    public void Mutated_messages_end_in_a_status_and_what_parses_writes_back_parseably() =>
        SipMessageGenerators.MutatedMessage.Sample(bytes =>
        {
            ParsesWithoutThrowing(bytes);
            if (SipMessageParser.TryParseDatagram(bytes, SipParserLimits.Default, out var message, out _) == SipParseStatus.Complete)
            {
                AssertSameHeadersAndBody(message!, RoundTrip(message!));
            }
        }, iter: 2000);

    private static void ParsesWithoutThrowing(byte[] bytes)
    {
        var clock = Stopwatch.StartNew();
        var limits = new SipParserLimits { MaxLineLength = 256, MaxHeaderCount = 16, MaxHeaderBytes = 1024, MaxBodyLength = 512 };
        foreach (var options in new[] { SipParserLimits.Default, limits })
        {
            var datagram = SipMessageParser.TryParseDatagram(bytes, options, out var message, out var error);
            Assert.Equal(datagram == SipParseStatus.Complete, message is not null);
            Assert.Equal(datagram == SipParseStatus.Error, error is not null);

            var split = bytes.Length / 3;
            foreach (var sequence in new[]
            {
                new ReadOnlySequence<byte>(bytes),
                bytes.Length < 2 ? new ReadOnlySequence<byte>(bytes) : SequenceSegment.Create(bytes.AsMemory(0, split), bytes.AsMemory(split)),
            })
            {
                var status = SipMessageParser.TryParse(sequence, options, out message, out var consumed, out error);
                Assert.Equal(status == SipParseStatus.Complete, message is not null);
                Assert.Equal(status == SipParseStatus.Error, error is not null);
                Assert.InRange(sequence.Slice(0, consumed).Length, 0, bytes.Length);
                if (message is not null)
                {
                    // Reading every derived property must not throw either.
                    _ = (message.CallId, message.CSeq, message.TopViaBranch, message.FromTag, message.ToTag,
                        (message as SipResponse)?.MsDiagnostics, message.Headers.ToArray(), message.Headers.GetAll("Via"));
                }
            }
        }

        Assert.True(clock.Elapsed < _perInputBound, $"parsing {bytes.Length} bytes took {clock.Elapsed}");
    }

    private static SipMessage RoundTrip(SipMessage message)
    {
        var bytes = SipMessageWriter.ToBytes(message);
        var status = SipMessageParser.TryParse(new ReadOnlySequence<byte>(bytes), SipParserLimits.Default, out var parsed, out var consumed, out var error);
        Assert.True(status == SipParseStatus.Complete, error?.Message);
        Assert.Equal(bytes.Length, new ReadOnlySequence<byte>(bytes).Slice(0, consumed).Length);
        return parsed!;
    }

    private static void AssertSameHeadersAndBody(SipMessage original, SipMessage parsed)
    {
        var expected = original.Headers.Where(h => h.Name != "Content-Length").ToList();
        if (original is SipRequest && !original.Headers.Contains("Max-Forwards"))
        {
            expected.Add(new SipHeader("Max-Forwards", "70"));
        }

        expected.Add(new SipHeader("Content-Length", original.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected, parsed.Headers);
        Assert.Equal(original.Body.ToArray(), parsed.Body.ToArray());
    }
}
