using System.Buffers.Binary;
using System.Text;

namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// Just enough of the protobuf wire format to read OTLP requests in a test: the fields of one
/// message, each with its number and either its varint / fixed value or its bytes.
/// </summary>
internal static class ProtobufWire
{
    internal readonly record struct Field(int Number, ulong Scalar, ReadOnlyMemory<byte> Bytes)
    {
        public string Text => Encoding.UTF8.GetString(Bytes.Span);

        public string Hex => Convert.ToHexString(Bytes.Span);
    }

    public static List<Field> Read(ReadOnlyMemory<byte> message)
    {
        var fields = new List<Field>();
        var span = message.Span;
        var offset = 0;
        while (offset < span.Length)
        {
            var tag = Varint(span, ref offset);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    fields.Add(new Field(number, Varint(span, ref offset), default));
                    break;
                case 1:
                    fields.Add(new Field(number, BinaryPrimitives.ReadUInt64LittleEndian(span[offset..]), default));
                    offset += 8;
                    break;
                case 2:
                    var length = (int)Varint(span, ref offset);
                    fields.Add(new Field(number, 0, message.Slice(offset, length)));
                    offset += length;
                    break;
                case 5:
                    fields.Add(new Field(number, BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]), default));
                    offset += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {tag & 7} at byte {offset} is not one OTLP uses");
            }
        }

        return fields;
    }

    /// <summary>The length-delimited fields numbered <paramref name="number"/>, each read as a message.</summary>
    public static IEnumerable<List<Field>> Messages(this List<Field> fields, int number) =>
        fields.Where(f => f.Number == number).Select(f => Read(f.Bytes));

    public static Field? One(this List<Field> fields, int number) =>
        fields.Where(f => f.Number == number).Select(f => (Field?)f).FirstOrDefault();

    private static ulong Varint(ReadOnlySpan<byte> span, ref int offset)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = span[offset++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("varint longer than 10 bytes");
    }
}
