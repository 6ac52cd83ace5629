using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PushExporter.Testing;

/// <summary>
/// Writes a DNS answer byte by byte (RFC 1035 §4.1), including the ones a real server never
/// sends: a wrong transaction id, an answer to another question, names that loop or point
/// past the end. Records own the question's name through a compression pointer to offset 12.
/// </summary>
public sealed class DnsAnswerBuilder
{
    /// <summary>The offset of the question's name, where records' owner pointers lead.</summary>
    public const int QuestionNameOffset = 12;

    private readonly List<byte> _bytes = [];
    private ushort _id;
    private ushort _flags = 0x8180;
    private int _answers;

    private DnsAnswerBuilder(ushort id, string name, ushort type, ushort @class)
    {
        _id = id;
        _bytes.AddRange(new byte[12]);
        _bytes.AddRange(EncodeName(name));
        Append16(type);
        Append16(@class);
    }

    /// <summary>The bytes written so far: where the next record starts.</summary>
    public int Length => _bytes.Count;

    /// <summary>An answer echoing <paramref name="query"/>'s id and question, NOERROR, QR RD RA set.</summary>
    public static DnsAnswerBuilder AnswerTo(ReceivedDnsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new DnsAnswerBuilder(query.Id, query.Name, query.Type, query.Class);
    }

    /// <summary>An answer with <paramref name="query"/>'s id to another question.</summary>
    public static DnsAnswerBuilder AnswerTo(ReceivedDnsQuery query, string name, ushort type, ushort @class)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new DnsAnswerBuilder(query.Id, name, type, @class);
    }

    /// <summary>The wire form of <paramref name="name"/>: length-prefixed labels and the root.</summary>
    public static byte[] EncodeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    /// <summary>Replaces the transaction id.</summary>
    public DnsAnswerBuilder WithId(ushort id)
    {
        _id = id;
        return this;
    }

    /// <summary>Sets the RCODE (RFC 1035 §4.1.1), e.g. 3 for NXDOMAIN.</summary>
    public DnsAnswerBuilder WithResponseCode(int code)
    {
        _flags = (ushort)((_flags & 0xFFF0) | (code & 0x0F));
        return this;
    }

    /// <summary>Sets TC: "the answer did not fit, ask over TCP".</summary>
    public DnsAnswerBuilder Truncated()
    {
        _flags |= 0x0200;
        return this;
    }

    /// <summary>Adds an A or AAAA record for the question's name.</summary>
    public DnsAnswerBuilder Address(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var type = address.AddressFamily == AddressFamily.InterNetworkV6 ? ReceivedDnsQuery.Aaaa : ReceivedDnsQuery.A;
        return Record(type, address.GetAddressBytes());
    }

    /// <summary>Adds an SRV record for the question's name, its target written out in full.</summary>
    public DnsAnswerBuilder Srv(ushort priority, ushort weight, ushort port, string target) =>
        Srv(priority, weight, port, EncodeName(target));

    /// <summary>
    /// Adds an SRV record whose target is <paramref name="wireTarget"/> as given (labels,
    /// pointers, anything). The target starts at <see cref="Length"/> + 18.
    /// </summary>
    public DnsAnswerBuilder Srv(ushort priority, ushort weight, ushort port, ReadOnlySpan<byte> wireTarget)
    {
        var data = new byte[6 + wireTarget.Length];
        BinaryPrimitives.WriteUInt16BigEndian(data, priority);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), weight);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(4), port);
        wireTarget.CopyTo(data.AsSpan(6));
        return Record(ReceivedDnsQuery.Srv, data);
    }

    /// <summary>Adds a CNAME record from <paramref name="owner"/> (null: the question's name) to <paramref name="target"/>.</summary>
    public DnsAnswerBuilder CName(string? owner, string target) =>
        Record(owner is null ? null : EncodeName(owner), ReceivedDnsQuery.CName, ReceivedDnsQuery.InternetClass, EncodeName(target));

    /// <summary>Adds a record of any type owned by the question's name.</summary>
    public DnsAnswerBuilder Record(ushort type, ReadOnlySpan<byte> data) => Record(null, type, ReceivedDnsQuery.InternetClass, data);

    /// <summary>Adds a record; <paramref name="wireOwner"/> null means a pointer to the question's name.</summary>
    public DnsAnswerBuilder Record(byte[]? wireOwner, ushort type, ushort @class, ReadOnlySpan<byte> data)
    {
        _bytes.AddRange(wireOwner ?? [0xC0, QuestionNameOffset]);
        Append16(type);
        Append16(@class);
        Append16(0);
        Append16(60);
        Append16((ushort)data.Length);
        _bytes.AddRange(data);
        _answers++;
        return this;
    }

    /// <summary>The message, with ANCOUNT counting every record added.</summary>
    public byte[] ToArray()
    {
        var message = _bytes.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(message, _id);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), _flags);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), (ushort)_answers);
        return message;
    }

    private void Append16(ushort value)
    {
        _bytes.Add((byte)(value >> 8));
        _bytes.Add((byte)value);
    }
}
