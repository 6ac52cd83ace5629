using System.Net;
using PushExporter.Configuration;

namespace PushExporter.Tests.Configuration;

/// <summary>
/// The allow-lists of ad hoc targets, as a table: no address here is ever connected to, so the
/// metadata and link-local addresses can be judged without any traffic.
/// </summary>
public sealed class AdhocPolicyTests
{
    private static readonly AdhocPolicy _defaults = new();

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("0.0.0.0", "this host")]
    [InlineData("0.1.2.3", "this host")]
    [InlineData("::", "the unspecified address")]
    [InlineData("169.254.169.254", "link-local, where cloud metadata services answer")]
    [InlineData("169.254.10.20", "link-local")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd00:ec2::254", "the AWS instance metadata service")]
    [InlineData("100.100.100.200", "the Alibaba Cloud instance metadata service")]
    public void The_defaults_refuse_the_exporters_own_host_link_local_and_metadata_addresses(string address, string what)
    {
        var refusal = _defaults.Refusal(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.StartsWith($"is {what}", refusal, StringComparison.Ordinal);
        Assert.Contains("global.adhoc_allowed_networks", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.1.10")]
    [InlineData("172.16.0.5")]
    [InlineData("203.0.113.5")]
    [InlineData("100.100.100.201")]
    [InlineData("2001:db8::1")]
    [InlineData("fd00:ec2::253")]
    public void The_defaults_allow_every_other_address(string address) =>
        Assert.Null(_defaults.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.0/8", "127.0.0.1", true)]
    [InlineData("127.0.0.1/32", "127.0.0.2", false)]
    [InlineData("0.0.0.0/0", "127.0.0.1", false)]
    [InlineData("169.254.169.254/32", "169.254.169.254", true)]
    [InlineData("169.254.0.0/16", "169.254.169.254", true)]
    [InlineData("10.0.0.0/8", "10.20.30.40", true)]
    [InlineData("10.0.0.0/8", "192.168.1.1", false)]
    [InlineData("::1/128", "::1", true)]
    [InlineData("127.0.0.1/32", "::ffff:127.0.0.1", true)]
    public void An_allowed_network_at_least_as_specific_as_a_refused_range_opens_it(string network, string address, bool allowed)
    {
        var policy = new AdhocPolicy { AllowedNetworks = [IPNetwork.Parse(network)] };

        Assert.Equal(allowed, policy.Refusal(IPAddress.Parse(address)) is null);
    }

    [Fact]
    public void A_port_not_listed_is_refused_first()
    {
        var refused = Assert.Throws<AdhocTargetRefusedException>(() => _defaults.Admit("edge.contoso.com", 22, [IPAddress.Parse("10.0.0.1")]));

        Assert.Equal("port 22 is not in global.adhoc_allowed_ports (5060, 5061)", refused.Message);
    }

    [Fact]
    public void A_name_is_refused_when_any_address_it_resolves_to_is()
    {
        var refused = Assert.Throws<AdhocTargetRefusedException>(() => _defaults.Admit("edge.contoso.com", 5061, [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("169.254.169.254")]));

        Assert.StartsWith("edge.contoso.com resolves to 169.254.169.254, which is link-local", refused.Message, StringComparison.Ordinal);
        _defaults.Admit("edge.contoso.com", 5061, [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("2001:db8::1")]);
    }

    [Fact]
    public void An_address_literal_is_named_as_itself()
    {
        var refused = Assert.Throws<AdhocTargetRefusedException>(() => _defaults.Admit("[::1]", 5061, [IPAddress.IPv6Loopback]));

        Assert.StartsWith("::1 is loopback (::1/128)", refused.Message, StringComparison.Ordinal);
    }
}
