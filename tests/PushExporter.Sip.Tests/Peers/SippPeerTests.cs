using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Peers;

[Trait("Category", "Integration")]
public sealed class SippPeerTests
{
    private static readonly TimeSpan _pause = TimeSpan.FromMilliseconds(200);

    [Theory]
    [InlineData(PeerTransport.Udp)]
    [InlineData(PeerTransport.Tcp)]
    public async Task Answers_after_the_scripted_pause(PeerTransport transport)
    {
        await using var sipp = await SippPeer.StartAnsweringAsync(transport, _pause);

        var fastest = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var exchange = transport == PeerTransport.Udp ? await RawSip.UdpAsync(sipp.Port) : await RawSip.StreamAsync(sipp.Port);
            Assert.True(exchange.StatusLine == "SIP/2.0 200 OK", $"{exchange.Final}\n--- sipp ---\n{sipp.Output}");
            fastest = exchange.Elapsed < fastest ? exchange.Elapsed : fastest;
        }

        // SIPp schedules with 1 ms resolution; the fastest of three exchanges keeps a busy machine's hiccups out.
        Assert.InRange(fastest, _pause, _pause + TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Silent_uas_never_answers()
    {
        await using var sipp = await SippPeer.StartSilentAsync(PeerTransport.Udp);

        var exchange = await RawSip.UdpAsync(sipp.Port, TimeSpan.FromMilliseconds(400));

        Assert.Empty(exchange.Responses);
    }
}
