using System.Text;

namespace PushExporter.Sip.Tests.Message;

/// <summary>Test messages written readably with LF and turned into CRLF wire bytes.</summary>
internal static class SipText
{
    public static byte[] Crlf(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));

    public static string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
