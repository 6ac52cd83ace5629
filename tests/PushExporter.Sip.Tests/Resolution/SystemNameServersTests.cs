using System.Net;
using PushExporter.Sip.Resolution;

namespace PushExporter.Sip.Tests.Resolution;

public sealed class SystemNameServersTests
{
    [Fact]
    public void On_linux_they_are_the_nameserver_lines_of_resolv_conf()
    {
        var expected = File.ReadLines("/etc/resolv.conf")
            .Select(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 2 && f[0] == "nameserver" && IPAddress.TryParse(f[1], out _))
            .Select(f => new IPEndPoint(IPAddress.Parse(f[1]), 53))
            .Distinct();

        Assert.Equal(expected, SystemNameServers.Discover());
    }
}
