using System.Security.Cryptography;

namespace PushExporter.Sip.Message;

/// <summary>The identifiers a new request carries; fixed ones let tests compare the wire text exactly.</summary>
internal readonly record struct SipRequestIdentifiers(string Branch, string FromTag, string CallId)
{
    /// <summary>RFC 3261 §8.1.1.7: the branch starts with the magic cookie so peers know it is unique.</summary>
    public const string MagicCookie = "z9hG4bK";

    /// <summary>Fresh identifiers: 96 random bits in the branch, 64 in the tag, 128 in the Call-ID.</summary>
    public static SipRequestIdentifiers NewRandom()
    {
        Span<byte> random = stackalloc byte[12 + 8 + 16];
        RandomNumberGenerator.Fill(random);
        return new(
            MagicCookie + Convert.ToHexStringLower(random[..12]),
            Convert.ToHexStringLower(random[12..20]),
            Convert.ToHexStringLower(random[20..]));
    }
}
