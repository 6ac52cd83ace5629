using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PushExporter.Sip.Resolution;

/// <summary>
/// Reading a DNS message (RFC 1035 §4.1) that a hostile server may have written: every read
/// is bounds-checked, a compression pointer must lead to an offset before the one where the
/// name being read started (so pointers cannot loop), labels are at most 63 bytes and names
/// at most 255. A broken message throws <see cref="MalformedDnsMessageException"/>.
/// </summary>
internal static class DnsMessage
{
    public const int HeaderLength = 12;

    /// <summary>RFC 1035 §4.2.1 and §4.2.2: a UDP datagram, or a TCP message with its two-byte length, is at most this long.</summary>
    public const int MaxLength = 65535;

    /// <summary>RFC 5452 §9.2: a transaction id nobody can predict.</summary>
    public static ushort NewId() => (ushort)RandomNumberGenerator.GetInt32(0x10000);

    public static ushort Id(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message);

    public static bool IsTruncated(ReadOnlySpan<byte> message) => (message[2] & 0x02) != 0;

    public static int ResponseCode(ReadOnlySpan<byte> message) => message[3] & 0x0F;

    public static int AnswerCount(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message[6..]);

    /// <summary>
    /// Why <paramref name="message"/> is not the answer to <paramref name="question"/> asked with
    /// <paramref name="id"/> (RFC 5452 §9.1: id, and question name, type and class), or null
    /// when it is; then <paramref name="answersStart"/> is where its answer section begins.
    /// </summary>
    public static string? Mismatch(ReadOnlySpan<byte> message, ushort id, DnsQuestion question, out int answersStart)
    {
        answersStart = 0;
        if (message.Length < HeaderLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{message.Length} bytes, shorter than a DNS header");
        }

        if (Id(message) != id)
        {
            return string.Create(CultureInfo.InvariantCulture, $"transaction id {Id(message)} instead of {id}");
        }

        if ((message[2] & 0x80) == 0 || (message[2] & 0x78) != 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"not a response to a standard query (flags 0x{message[2]:x2}{message[3]:x2})");
        }

        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        if (questions != 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{questions} questions instead of 1");
        }

        Span<byte> name = stackalloc byte[DnsQuestion.MaxNameLength];
        int nameLength;
        int end;
        try
        {
            end = ReadName(message, HeaderLength, name, out nameLength);
        }
        catch (MalformedDnsMessageException e)
        {
            return $"its question cannot be read: {e.Message}";
        }

        if (end + 4 > message.Length)
        {
            return "its question ends before its type and class";
        }

        if (!Ascii.EqualsIgnoreCase(name[..nameLength], question.WireName))
        {
            return $"answers {NameText(name[..nameLength])} instead of {question.Name}";
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(message[end..]);
        var @class = BinaryPrimitives.ReadUInt16BigEndian(message[(end + 2)..]);
        if (type != (ushort)question.Type || @class != DnsQuestion.InternetClass)
        {
            return string.Create(CultureInfo.InvariantCulture, $"answers type {type} class {@class} instead of {question.Type.ToString().ToUpperInvariant()} IN");
        }

        answersStart = end + 4;
        return null;
    }

    /// <summary>
    /// Reads the name at <paramref name="offset"/> into <paramref name="name"/> in wire form,
    /// pointers followed; returns the offset just after the name where it is written (after
    /// its first pointer, if any).
    /// </summary>
    public static int ReadName(ReadOnlySpan<byte> message, int offset, Span<byte> name, out int nameLength)
    {
        var at = offset;
        var segmentStart = offset;
        var end = -1;
        nameLength = 0;
        while (true)
        {
            if (at >= message.Length)
            {
                throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"the message ends inside a name, at byte {message.Length}"), message.Length);
            }

            var length = message[at];
            if (length == 0)
            {
                name[nameLength++] = 0;
                return end >= 0 ? end : at + 1;
            }

            if ((length & 0xC0) == 0xC0)
            {
                // RFC 1035 §4.1.4: a pointer to a prior occurrence of the rest of the name.
                if (at + 1 >= message.Length)
                {
                    throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"the message ends inside a compression pointer, at byte {message.Length}"), at);
                }

                var target = ((length & 0x3F) << 8) | message[at + 1];
                if (target >= message.Length)
                {
                    throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"compression pointer at byte {at} leads to byte {target}, past the end of the {message.Length}-byte message"), at);
                }

                if (target >= segmentStart)
                {
                    throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"compression pointer at byte {at} leads to byte {target}, not before byte {segmentStart} where it started reading: a loop"), at);
                }

                end = end >= 0 ? end : at + 2;
                at = segmentStart = target;
                continue;
            }

            if (length > 63)
            {
                throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"label length {length} at byte {at}: at most 63 (RFC 1035 §2.3.4)"), at);
            }

            if (nameLength + 1 + length + 1 > DnsQuestion.MaxNameLength)
            {
                throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"the name at byte {offset} is longer than {DnsQuestion.MaxNameLength} bytes"), offset);
            }

            if (at + 1 + length > message.Length)
            {
                throw new MalformedDnsMessageException(string.Create(CultureInfo.InvariantCulture, $"the message ends inside a label, at byte {message.Length}"), at);
            }

            message.Slice(at, 1 + length).CopyTo(name[nameLength..]);
            nameLength += 1 + length;
            at += 1 + length;
        }
    }

    /// <summary>A wire-form name as text (RFC 1035 §5.1): dot-separated, bytes other than printable ASCII as \DDD, "." for the root.</summary>
    public static string NameText(ReadOnlySpan<byte> wireName)
    {
        if (wireName.Length <= 1)
        {
            return ".";
        }

        var text = new StringBuilder(wireName.Length);
        var at = 0;
        while (at < wireName.Length && wireName[at] != 0)
        {
            if (text.Length > 0)
            {
                text.Append('.');
            }

            foreach (var b in wireName.Slice(at + 1, wireName[at]))
            {
                if (b is > 0x20 and < 0x7F and not (byte)'.' and not (byte)'\\')
                {
                    text.Append((char)b);
                }
                else
                {
                    text.Append(CultureInfo.InvariantCulture, $"\\{b:D3}");
                }
            }

            at += 1 + wireName[at];
        }

        return text.ToString();
    }

    /// <summary>At most 16 bytes of <paramref name="message"/> around <paramref name="offset"/>, in hex: evidence, never the whole message.</summary>
    public static string Excerpt(ReadOnlySpan<byte> message, int offset)
    {
        var start = Math.Clamp(offset - 8, 0, Math.Max(0, message.Length - 1));
        var length = Math.Min(16, message.Length - start);
        return length <= 0
            ? string.Create(CultureInfo.InvariantCulture, $"{message.Length}-byte message")
            : string.Create(CultureInfo.InvariantCulture, $"{message.Length}-byte message, bytes {start}–{start + length - 1}: {Convert.ToHexStringLower(message.Slice(start, length))}");
    }
}
