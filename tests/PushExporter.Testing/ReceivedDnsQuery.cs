namespace PushExporter.Testing;

/// <summary>A query as <see cref="HostileDnsServer"/> read it off the wire.</summary>
/// <param name="Id">The transaction id.</param>
/// <param name="Name">The question's name, without a trailing dot.</param>
/// <param name="Type">The question's type (1 A, 28 AAAA, 33 SRV).</param>
/// <param name="Class">The question's class (1 IN).</param>
/// <param name="OverTcp">True when it came over TCP.</param>
public sealed record ReceivedDnsQuery(ushort Id, string Name, ushort Type, ushort Class, bool OverTcp)
{
    /// <summary>RFC 1035 TYPE A.</summary>
    public const ushort A = 1;

    /// <summary>RFC 1035 TYPE CNAME.</summary>
    public const ushort CName = 5;

    /// <summary>RFC 3596 TYPE AAAA.</summary>
    public const ushort Aaaa = 28;

    /// <summary>RFC 2782 TYPE SRV.</summary>
    public const ushort Srv = 33;

    /// <summary>RFC 1035 CLASS IN.</summary>
    public const ushort InternetClass = 1;
}
