namespace PushExporter.Sip.Message;

/// <summary>The identifiers a new request carries; fixed ones let tests compare the wire text exactly.</summary>
internal readonly record struct SipRequestIdentifiers(string Branch, string FromTag, string CallId)
{
    /// <summary>RFC 3261 §8.1.1.7: the branch starts with the magic cookie so peers know it is unique.</summary>
    public const string MagicCookie = "z9hG4bK";

    // Of a version 4 GUID's 16 bytes, bytes 7 and 8 carry the version and variant bits; the other 14 are random.
    private const int RandomBytesPerGuid = 14;

    /// <summary>
    /// Fresh identifiers: 96 random bits in the branch, 64 in the tag, 128 in the Call-ID, as RFC 3261
    /// §19.3 asks (globally unique, cryptographically random). They come from the operating system's
    /// generator through <see cref="Guid.NewGuid"/> (getrandom or arc4random on Linux, BCryptGenRandom on
    /// Windows). <c>RandomNumberGenerator</c> would draw them from OpenSSL on Linux: loading libcrypto and
    /// libssl for a plain TCP or UDP probe cost 4.3 MB of resident memory (docs/benchmarks.md).
    /// </summary>
    public static SipRequestIdentifiers NewRandom()
    {
        Span<byte> random = stackalloc byte[3 * RandomBytesPerGuid];
        Span<byte> guid = stackalloc byte[16];
        for (var i = 0; i < 3; i++)
        {
            Guid.NewGuid().TryWriteBytes(guid);
            guid[..7].CopyTo(random[(i * RandomBytesPerGuid)..]);
            guid[9..].CopyTo(random[((i * RandomBytesPerGuid) + 7)..]);
        }

        return new(
            MagicCookie + Convert.ToHexStringLower(random[..12]),
            Convert.ToHexStringLower(random[12..20]),
            Convert.ToHexStringLower(random[20..36]));
    }
}
