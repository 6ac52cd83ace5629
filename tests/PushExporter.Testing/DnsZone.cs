using System.Globalization;
using System.Net;

namespace PushExporter.Testing;

/// <summary>
/// The records a <see cref="DnsmasqServer"/> serves. Every name under <see cref="Domain"/>
/// not given here answers NXDOMAIN; a name given only an address answers NOERROR with no
/// records for other types (e.g. SRV); names outside the domain are REFUSED.
/// </summary>
public sealed class DnsZone
{
    private readonly List<string> _arguments = [];

    /// <summary>Starts an empty zone for <paramref name="domain"/> (e.g. <c>test</c>).</summary>
    public DnsZone(string domain = "test") => Domain = domain.Trim('.');

    /// <summary>The domain answered authoritatively from these records.</summary>
    public string Domain { get; }

    /// <summary>dnsmasq's arguments for these records.</summary>
    public IReadOnlyList<string> Arguments => _arguments;

    /// <summary>Adds an SRV record, e.g. <c>_sipfederationtls._tcp.contoso.test</c> → <c>edge.contoso.test:5061</c>.</summary>
    public DnsZone Srv(string name, string target, int port, int priority, int weight)
    {
        _arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--srv-host={name},{target},{port},{priority},{weight}"));
        return this;
    }

    /// <summary>Adds A and/or AAAA records for <paramref name="name"/>.</summary>
    public DnsZone Address(string name, params IPAddress[] addresses)
    {
        _arguments.Add($"--host-record={name},{string.Join(',', addresses.Select(a => a.ToString()))}");
        return this;
    }

    /// <summary>Makes <paramref name="name"/> exist with a TXT record only, so A, AAAA and SRV questions get NOERROR with no records.</summary>
    public DnsZone NoRecords(string name)
    {
        _arguments.Add($"--txt-record={name},exists without addresses or services");
        return this;
    }
}
