using System.Buffers.Binary;
using System.Globalization;

namespace PushExporter.Sip.Resolution;

/// <summary>
/// One question (name, type, class IN) in wire form, checked once: labels of 1 to 63 letters,
/// digits, hyphens or underscores, at most 255 bytes in all (RFC 1035 §2.3.4, §3.1).
/// </summary>
internal sealed class DnsQuestion
{
    /// <summary>RFC 1035 §3.2.4: class IN.</summary>
    public const ushort InternetClass = 1;

    /// <summary>RFC 1035 §2.3.4: names are at most 255 bytes in wire form.</summary>
    public const int MaxNameLength = 255;

    /// <summary>The largest query <see cref="WriteQuery"/> writes: header, name, type, class and the OPT record.</summary>
    public const int MaxQueryLength = DnsMessage.HeaderLength + MaxNameLength + 4 + OptRecordLength;

    // RFC 6891 §6.1.2; 1,232 bytes is what DNS Flag Day 2020 settled on to keep UDP answers unfragmented.
    private const ushort UdpPayloadSize = 1232;
    private const int OptRecordLength = 11;

    private DnsQuestion(string name, byte[] wireName, DnsRecordType type)
    {
        Name = name;
        WireName = wireName;
        Type = type;
    }

    /// <summary>The name as asked, without a trailing dot.</summary>
    public string Name { get; }

    /// <summary>The name in wire form, lower case.</summary>
    public byte[] WireName { get; }

    public DnsRecordType Type { get; }

    /// <summary>The question for <paramref name="name"/>, or null with the reason it is not a DNS name.</summary>
    public static DnsQuestion? TryCreate(string name, DnsRecordType type, out string? error)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        var wire = new byte[trimmed.Length + 2];
        var at = 0;
        foreach (var label in trimmed.Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"\"{Bounded(name)}\" is not a DNS name: a label of {label.Length} characters (1 to 63 allowed)");
                return null;
            }

            wire[at++] = (byte)label.Length;
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
                {
                    error = $"\"{Bounded(name)}\" is not a DNS name: '{c}' is not a letter, digit, hyphen or underscore";
                    return null;
                }

                wire[at++] = (byte)char.ToLowerInvariant(c);
            }
        }

        if (at + 1 > MaxNameLength)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"\"{Bounded(name)}\" is not a DNS name: {at + 1} bytes long (at most {MaxNameLength})");
            return null;
        }

        error = null;
        return new DnsQuestion(trimmed, wire, type);
    }

    /// <summary>Writes the query with transaction id <paramref name="id"/>, recursion desired, and an EDNS(0) OPT record; returns its length.</summary>
    public int WriteQuery(Span<byte> destination, ushort id)
    {
        // RFC 1035 §4.1.1: id, flags (RD only), QDCOUNT 1, ANCOUNT 0, NSCOUNT 0, ARCOUNT 1 (the OPT record).
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0x0100);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 1);
        var at = DnsMessage.HeaderLength;
        WireName.CopyTo(destination[at..]);
        at += WireName.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], (ushort)Type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], InternetClass);
        at += 4;

        // RFC 6891 §6.1.2: root owner, TYPE OPT, CLASS = payload size, TTL 0 (no extended RCODE, version 0, no DO), no options.
        destination[at] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 1)..], (ushort)DnsRecordType.Opt);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 3)..], UdpPayloadSize);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(at + 5)..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 9)..], 0);
        return at + OptRecordLength;
    }

    public override string ToString() => $"{Type.ToString().ToUpperInvariant()} {Name}";

    private static string Bounded(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
