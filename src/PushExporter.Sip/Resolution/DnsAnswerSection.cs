using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace PushExporter.Sip.Resolution;

/// <summary>
/// Reading the answer section (RFC 1035 §4.1.3) the way a stub resolver trusts it: only
/// records owned by the question's name, or by an alias that a CNAME record earlier in the
/// section led to (RFC 1034 §3.6.2), count; a chain of more than <see cref="MaxAliases"/>
/// aliases is refused, which also ends loops.
/// </summary>
internal static class DnsAnswerSection
{
    public const int MaxAliases = 16;

    public static readonly DnsRecordReader<SrvTarget> Srv = ReadSrv;

    public static readonly DnsRecordReader<IPAddress> A = (message, start, length, number) => ReadAddress(message, start, length, number, 4, "A");

    public static readonly DnsRecordReader<IPAddress> Aaaa = (message, start, length, number) => ReadAddress(message, start, length, number, 16, "AAAA");

    public static DnsAnswerRecords<T> Read<T>(ReadOnlySpan<byte> message, int answersStart, DnsQuestion question, int limit, DnsRecordReader<T> reader)
    {
        var count = DnsMessage.AnswerCount(message);
        var records = new List<T>(Math.Min(count, limit));
        var owner = question.WireName;
        Span<byte> name = stackalloc byte[DnsQuestion.MaxNameLength];
        var skipped = 0;
        var aliases = 0;
        var at = answersStart;
        for (var number = 1; number <= count; number++)
        {
            var start = at;
            at = DnsMessage.ReadName(message, at, name, out var nameLength);
            if (at + 10 > message.Length)
            {
                throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"answer record {number} of {count} (at byte {start}): the message ends at byte {message.Length}, inside its fixed fields"), start);
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(message[at..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 2)..]);
            var dataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 8)..]);
            var dataStart = at + 10;
            at = dataStart + dataLength;
            if (at > message.Length)
            {
                throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"answer record {number} of {count} (at byte {start}): the message ends at byte {message.Length}, inside its {dataLength} bytes of data"), start);
            }

            if (@class != DnsQuestion.InternetClass || !Ascii.EqualsIgnoreCase(name[..nameLength], owner))
            {
                skipped++;
                continue;
            }

            if (type == (ushort)DnsRecordType.CName && question.Type != DnsRecordType.CName)
            {
                if (++aliases > MaxAliases)
                {
                    throw new DnsAliasChainException(string.Create(CultureInfo.InvariantCulture, $"more than {MaxAliases} CNAME records in a chain from {question.Name} (or a loop)"));
                }

                var end = DnsMessage.ReadName(message, dataStart, name, out nameLength);
                if (end != at)
                {
                    throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"answer record {number} of {count}: its CNAME target ends at byte {end}, its data at byte {at}"), dataStart);
                }

                owner = name[..nameLength].ToArray();
            }
            else if (type == (ushort)question.Type)
            {
                if (records.Count == limit)
                {
                    return new DnsAnswerRecords<T>(records, true, skipped, aliases);
                }

                records.Add(reader(message, dataStart, dataLength, number));
            }
            else
            {
                skipped++;
            }
        }

        return new DnsAnswerRecords<T>(records, false, skipped, aliases);
    }

    private static SrvTarget ReadSrv(ReadOnlySpan<byte> message, int dataStart, int dataLength, int recordNumber)
    {
        // RFC 2782: priority, weight, port (16 bits each), then the target, never compressed by the RFC but often in practice.
        if (dataLength < 7)
        {
            throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"SRV record {recordNumber}: {dataLength} bytes of data, fewer than the 7 it needs"), dataStart);
        }

        Span<byte> target = stackalloc byte[DnsQuestion.MaxNameLength];
        var end = DnsMessage.ReadName(message, dataStart + 6, target, out var targetLength);
        if (end != dataStart + dataLength)
        {
            throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"SRV record {recordNumber}: its target ends at byte {end}, its data at byte {dataStart + dataLength}"), dataStart);
        }

        return new SrvTarget(
            DnsMessage.NameText(target[..targetLength]),
            BinaryPrimitives.ReadUInt16BigEndian(message[(dataStart + 4)..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[dataStart..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[(dataStart + 2)..]));
    }

    private static IPAddress ReadAddress(ReadOnlySpan<byte> message, int dataStart, int dataLength, int recordNumber, int size, string type)
    {
        // RFC 1035 §3.4.1 and RFC 3596 §2.2: exactly 4 or 16 bytes.
        if (dataLength != size)
        {
            throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"{type} record {recordNumber}: {dataLength} bytes of data instead of {size}"), dataStart);
        }

        return new IPAddress(message.Slice(dataStart, dataLength));
    }
}
