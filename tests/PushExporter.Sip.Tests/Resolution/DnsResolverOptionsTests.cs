using System.Net;
using PushExporter.Sip.Resolution;

namespace PushExporter.Sip.Tests.Resolution;

public sealed class DnsResolverOptionsTests
{
    [Theory]
    [InlineData("127.0.0.1:5353", "127.0.0.1", 5353)]
    [InlineData("10.0.0.1", "10.0.0.1", 53)]
    [InlineData(" 10.0.0.1:53 ", "10.0.0.1", 53)]
    [InlineData("[::1]:5353", "::1", 5353)]
    [InlineData("[::1]", "::1", 53)]
    [InlineData("::1", "::1", 53)]
    [InlineData("fd00::53", "fd00::53", 53)]
    public void Parses_address_and_port(string value, string address, int port)
    {
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), DnsResolverOptions.ParseNameServer(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("dns.contoso.com")]
    [InlineData("dns.contoso.com:53")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:5x")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("[::1")]
    [InlineData("[::1]5353")]
    [InlineData("[127.0.0.1]:53")]
    public void Rejects_anything_else_naming_the_value(string value)
    {
        var e = Assert.Throws<FormatException>(() => DnsResolverOptions.ParseNameServer(value));

        Assert.Contains($"\"{value}\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_ask_the_system_resolvers_for_three_seconds_with_one_retry()
    {
        var options = new DnsResolverOptions();

        Assert.Empty(options.NameServers);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
        Assert.Equal(1, options.Retries);
    }
}
