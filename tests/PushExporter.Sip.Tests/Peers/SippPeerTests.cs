using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Peers;

[Trait("Category", "Integration")]
public sealed class SippPeerTests
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    [Theory]
    [InlineData(PeerTransport.Udp)]
    [InlineData(PeerTransport.Tcp)]
    public async Task Answers_after_the_scripted_pause(PeerTransport transport)
    {
        await using var sipp = await SippPeer.StartAnsweringAsync(transport, Pause);

        var exchange = transport == PeerTransport.Udp ? await RawSip.UdpAsync(sipp.Port) : await RawSip.StreamAsync(sipp.Port);

        Assert.True(exchange.StatusLine == "SIP/2.0 200 OK", $"{exchange.Final}\n--- sipp ---\n{sipp.Output}");
        // SIPp schedules with 1 ms resolution; the rest is loopback and a busy CI machine.
        Assert.InRange(exchange.Elapsed, Pause, Pause + TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Silent_uas_never_answers()
    {
        await using var sipp = await SippPeer.StartSilentAsync(PeerTransport.Udp);

        var exchange = await RawSip.UdpAsync(sipp.Port, TimeSpan.FromMilliseconds(400));

        Assert.Empty(exchange.Responses);
    }
}
