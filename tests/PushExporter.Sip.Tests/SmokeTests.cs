namespace PushExporter.Sip.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Version_is_sip_2_0() => Assert.Equal("SIP/2.0", PushExporter.Sip.Message.SipConstants.Version);
}
