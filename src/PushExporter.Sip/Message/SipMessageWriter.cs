using System.Buffers;
using System.Globalization;
using System.Text;

namespace PushExporter.Sip.Message;

/// <summary>
/// Writes messages in their wire form: CRLF line ends only, header fields in order, and exactly one
/// Content-Length computed from the body (RFC 3261 §18.3 requires it on streams; it is always sent).
/// </summary>
public static class SipMessageWriter
{
    /// <summary>
    /// Writes the message. Any Content-Length in its headers is ignored in favour of the body's length, and a
    /// request without Max-Forwards gets <c>Max-Forwards: 70</c> (RFC 3261 §8.1.1.6).
    /// </summary>
    public static void Write(SipMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        switch (message)
        {
            case SipRequest request:
                WriteText(output, request.Method);
                output.Write(" "u8);
                WriteText(output, request.RequestUri.ToString());
                output.Write(" SIP/2.0\r\n"u8);
                break;
            case SipResponse response:
                output.Write("SIP/2.0 "u8);
                WriteNumber(output, response.StatusCode);
                output.Write(" "u8);
                WriteText(output, response.ReasonPhrase);
                output.Write("\r\n"u8);
                break;
            default:
                throw new ArgumentException($"unsupported message type {message.GetType().Name}", nameof(message));
        }

        var headers = message.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers.NameAt(i);
            if (string.Equals(name, SipHeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            WriteText(output, name);
            output.Write(": "u8);
            if (headers.TryGetRawValue(i, out var raw))
            {
                output.Write(raw);
            }
            else
            {
                WriteText(output, headers.ValueAt(i));
            }

            output.Write("\r\n"u8);
        }

        if (message is SipRequest && !headers.Contains(SipHeaderNames.MaxForwards))
        {
            output.Write("Max-Forwards: 70\r\n"u8);
        }

        output.Write("Content-Length: "u8);
        WriteNumber(output, message.Body.Length);
        output.Write("\r\n\r\n"u8);
        output.Write(message.Body.Span);
    }

    /// <summary>The message's wire form as a new array.</summary>
    public static byte[] ToBytes(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = new ArrayBufferWriter<byte>(512 + message.Body.Length);
        Write(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteText(IBufferWriter<byte> output, string text) => Encoding.UTF8.GetBytes(text, output);

    private static void WriteNumber(IBufferWriter<byte> output, int value)
    {
        var span = output.GetSpan(11);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }
}
