using System.Globalization;

namespace PushExporter.Sip.Message;

/// <summary>The CSeq header (RFC 3261 §20.16): a sequence number and the request method it belongs to.</summary>
/// <param name="Number">The sequence number, below 2**31 per RFC 3261 §8.1.1.5 but accepted up to 2**32-1.</param>
/// <param name="Method">The method, case-sensitive.</param>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    /// <summary>Parses <c>1 OPTIONS</c>; any linear whitespace may separate the two parts.</summary>
    public static bool TryParse(string? value, out CSeqHeader cseq)
    {
        cseq = default;
        if (value is null)
        {
            return false;
        }

        var text = value.AsSpan().Trim();
        var space = text.IndexOfAny(' ', '\t');
        if (space <= 0
            || !uint.TryParse(text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var method = text[(space + 1)..].Trim();
        if (method.IsEmpty || !SipSyntax.IsToken(method))
        {
            return false;
        }

        cseq = new CSeqHeader(number, SipSyntax.MethodString(method));
        return true;
    }

    /// <summary>The header value as written on the wire: <c>1 OPTIONS</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number} {Method}");
}
