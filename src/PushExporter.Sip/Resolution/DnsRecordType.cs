namespace PushExporter.Sip.Resolution;

/// <summary>The record types a probe asks for or follows.</summary>
internal enum DnsRecordType : ushort
{
    /// <summary>RFC 1035 §3.4.1: an IPv4 address.</summary>
    A = 1,

    /// <summary>RFC 1035 §3.3.1: an alias.</summary>
    CName = 5,

    /// <summary>RFC 3596 §2.1: an IPv6 address.</summary>
    Aaaa = 28,

    /// <summary>RFC 2782: a service location.</summary>
    Srv = 33,

    /// <summary>RFC 6891 §6.1.1: the EDNS(0) pseudo-record.</summary>
    Opt = 41,
}
