using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using PushExporter.Sip.Message;

namespace PushExporter.Bench;

/// <summary>Parsing the responses a probe receives and writing the request it sends (goal: ≤ 2 µs, ≤ 1 KB per parse).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class SipMessageBenchmarks
{
    private static readonly byte[] _optionsOk = Encoding.UTF8.GetBytes(
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/TLS 192.0.2.10:50123;branch=z9hG4bK0123456789abcdef01234567;rport=50123;received=192.0.2.10\r\n" +
        "From: <sip:pushexporter@litwareinc.com>;tag=8d2f5a1c9e3b7d40\r\n" +
        "To: <sip:push@push.lync.com>;tag=a2b1d0e3f4c5\r\n" +
        "Call-ID: 4f1e2d3c4b5a69788796a5b4c3d2e1f0\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n" +
        "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, MESSAGE, INFO\r\n" +
        "Supported: replaces, timer, path\r\n" +
        "Server: kamailio (5.6.3 (x86_64/linux))\r\n" +
        "\r\n");

    private static readonly byte[] _lyncTimeout = Encoding.UTF8.GetBytes(
        "SIP/2.0 504 Server time-out\r\n" +
        "ms-user-logon-data: RemoteUser\r\n" +
        "Via: SIP/2.0/TLS 192.0.2.10:50123;branch=z9hG4bK0123456789abcdef01234567;rport=50123;received=192.0.2.10;ms-received-port=50123;ms-received-cid=1D00\r\n" +
        "From: <sip:pushexporter@litwareinc.com>;tag=8d2f5a1c9e3b7d40\r\n" +
        "To: <sip:push@push.lync.com>;tag=A2B1D0E3F4C5B6A7\r\n" +
        "Call-ID: 4f1e2d3c4b5a69788796a5b4c3d2e1f0\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "ms-diagnostics: 1008;reason=\"Unable to resolve DNS SRV record\";source=\"edge.contoso.com\";OriginalDomain=\"push.lync.com\"\r\n" +
        "Server: RTC/6.0\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n");

    private readonly ArrayBufferWriter<byte> _output = new(1024);
    private ReadOnlySequence<byte> _okSequence;
    private ReadOnlySequence<byte> _timeoutSequence;
    private SipRequest _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _okSequence = new ReadOnlySequence<byte>(_optionsOk);
        _timeoutSequence = new ReadOnlySequence<byte>(_lyncTimeout);
        _options = SipRequestFactory.Create(new SipRequestOptions
        {
            Method = "OPTIONS",
            RequestUri = SipUri.Parse("sip:push@push.lync.com"),
            From = SipUri.Parse("sip:pushexporter@litwareinc.com"),
            Transport = "TLS",
            ViaHost = "192.0.2.10",
            ViaPort = 50123,
        });
    }

    [Benchmark(Description = "Parse 200 OK to OPTIONS")]
    public SipMessage? ParseOptionsOk()
    {
        SipMessageParser.TryParse(_okSequence, SipParserLimits.Default, out var message, out _, out _);
        return message;
    }

    [Benchmark(Description = "Parse Lync 504 with ms-diagnostics")]
    public SipMessage? ParseLyncTimeout()
    {
        SipMessageParser.TryParse(_timeoutSequence, SipParserLimits.Default, out var message, out _, out _);
        return message;
    }

    [Benchmark(Description = "Parse Lync 504, read ms-diagnostics")]
    public int ParseLyncTimeoutAndDiagnose()
    {
        SipMessageParser.TryParse(_timeoutSequence, SipParserLimits.Default, out var message, out _, out _);
        return ((SipResponse)message!).MsDiagnostics!.Code;
    }

    [Benchmark(Description = "Parse 200 OK, read branch/CSeq/Call-ID")]
    public int ParseOptionsOkAndMatch()
    {
        SipMessageParser.TryParse(_okSequence, SipParserLimits.Default, out var message, out _, out _);
        return message!.TopViaBranch!.Length + (int)message.CSeq!.Value.Number + message.CallId!.Length;
    }

    [Benchmark(Description = "Write OPTIONS request")]
    public int WriteOptions()
    {
        _output.ResetWrittenCount();
        SipMessageWriter.Write(_options, _output);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "Create + write OPTIONS request")]
    public int CreateAndWriteOptions()
    {
        _output.ResetWrittenCount();
        var request = SipRequestFactory.Create(new SipRequestOptions
        {
            Method = "OPTIONS",
            RequestUri = _options.RequestUri,
            From = _options.RequestUri,
            Transport = "TLS",
            ViaHost = "192.0.2.10",
            ViaPort = 50123,
        });
        SipMessageWriter.Write(request, _output);
        return _output.WrittenCount;
    }
}
