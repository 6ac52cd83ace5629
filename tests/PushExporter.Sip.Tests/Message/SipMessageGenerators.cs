using System.Text;
using CsCheck;
using PushExporter.Sip.Message;

namespace PushExporter.Sip.Tests.Message;

/// <summary>CsCheck generators for valid SIP messages and for the hostile bytes a peer could send.</summary>
internal static class SipMessageGenerators
{
    private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string TokenCharacters = Alphanumeric + "-.!%*_+`'~";

    public static readonly Gen<string> Token = Text(TokenCharacters, 1, 12);

    public static readonly Gen<SipUri> Uri =
        Gen.Select(
            Gen.OneOf<string>("sip", "sips"),
            Gen.Frequency((2, Text(Alphanumeric + "-_.!~*'()", 1, 10).Select(u => (string?)u)), (1, Gen.Const((string?)null))),
            Gen.OneOf(
                Text("abcdefghijklmnopqrstuvwxyz0123456789", 1, 10).Array[1, 4].Select(labels => string.Join('.', labels)),
                Gen.Byte.Array[4].Select(b => string.Join('.', b)),
                Gen.UShort.Array[8].Select(w => "[" + string.Join(':', w.Select(x => x.ToString("x", null))) + "]")),
            Gen.Frequency((1, Gen.Int[1, 65535].Select(p => (int?)p)), (1, Gen.Const((int?)null))),
            Gen.Select(Text(Alphanumeric, 1, 8), Gen.Frequency((3, Text(Alphanumeric + "-_.", 1, 8).Select(v => (string?)v)), (1, Gen.Const((string?)null))))
                .Array[0, 3])
        .Select((scheme, user, host, port, parameters) =>
        {
            var builder = new StringBuilder(scheme).Append(':');
            if (user is not null)
            {
                builder.Append(user).Append('@');
            }

            builder.Append(host);
            if (port is { } p)
            {
                builder.Append(':').Append(p);
            }

            foreach (var (name, value) in (IEnumerable<(string Name, string? Value)>)parameters)
            {
                builder.Append(';').Append(name);
                if (value is not null)
                {
                    builder.Append('=').Append(value);
                }
            }

            return SipUri.Parse(builder.ToString());
        });

    /// <summary>Header values: printable ASCII, quotes, commas, tabs and some non-ASCII text; no line breaks.</summary>
    public static readonly Gen<string> HeaderValue =
        Gen.OneOf(Gen.Char[' ', '~'], Gen.Char["\t,;\"<>\\éü☺中"]).Array[0, 40].Select(c => new string(c).Trim());

    public static readonly Gen<string> HeaderName = Gen.OneOf(
        Gen.OneOf<string>("Via", "v", "From", "f", "To", "t", "Call-ID", "i", "CSeq", "Contact", "m", "Supported", "k",
            "Subject", "s", "Allow", "ms-diagnostics", "ms-diagnostics-public", "User-Agent", "Server", "Max-Forwards"),
        Token.Select(t => "X-" + t));

    public static readonly Gen<(string Name, string Value)[]> Headers = Gen.Select(HeaderName, HeaderValue).Array[0, 12];

    public static readonly Gen<byte[]> Body = Gen.Frequency((1, Gen.Const(Array.Empty<byte>())), (2, Gen.Byte.Array[1, 300]));

    public static readonly Gen<SipRequest> Request =
        Gen.Select(Token, Uri, Headers, Body).Select((method, uri, headers, body) =>
            new SipRequest(method, uri, Build(headers)) { Body = body });

    public static readonly Gen<SipResponse> Response =
        Gen.Select(Gen.Int[100, 699], Text(Alphanumeric + "-'", 1, 10).Array[0, 4], Headers, Body)
            .Select((code, words, headers, body) =>
                new SipResponse(code, string.Join(' ', words), Build(headers)) { Body = body });

    public static readonly Gen<SipMessage> Message = Gen.OneOf<SipMessage>(Request.Select(r => (SipMessage)r), Response.Select(r => (SipMessage)r));

    /// <summary>Bytes a SIP parser finds interesting: structure characters far more often than random ones.</summary>
    public static readonly Gen<byte[]> SipishBytes = Gen.Frequency(
            (6, Gen.OneOf<byte>("SIP/2.0 :;=\"<>,\r\n\t\\@[]0123456789vilLc"u8.ToArray())),
            (1, Gen.Byte))
        .Array[0, 600];

    /// <summary>A valid message's bytes with a few bytes replaced, inserted or removed.</summary>
    public static readonly Gen<byte[]> MutatedMessage =
        Gen.Select(Message, Gen.Select(Gen.Int[0, 2], Gen.Int, Gen.OneOf<byte>([.. "\r\n :;\"0\0"u8, 0xFF])).Array[1, 8])
            .Select((message, edits) =>
            {
                var bytes = SipMessageWriter.ToBytes(message).ToList();
                foreach (var (kind, where, value) in edits)
                {
                    var index = (int)((uint)where % (uint)(bytes.Count + 1));
                    switch (kind)
                    {
                        case 0 when index < bytes.Count:
                            bytes[index] = value;
                            break;
                        case 1:
                            bytes.Insert(index, value);
                            break;
                        case 2 when index < bytes.Count:
                            bytes.RemoveAt(index);
                            break;
                    }
                }

                return bytes.ToArray();
            });

    private static Gen<string> Text(string characters, int min, int max) =>
        Gen.Char[characters].Array[min, max].Select(c => new string(c));

    private static SipHeaders Build((string Name, string Value)[] fields)
    {
        var headers = new SipHeaders();
        foreach (var (name, value) in fields)
        {
            headers.Add(name, value);
        }

        return headers;
    }
}
