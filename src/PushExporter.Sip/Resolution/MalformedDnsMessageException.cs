namespace PushExporter.Sip.Resolution;

/// <summary>A DNS message that breaks RFC 1035's format where the resolver reads it.</summary>
/// <param name="message">What is wrong, naming the byte offset.</param>
/// <param name="offset">Where in the message it went wrong, for the evidence excerpt.</param>
internal sealed class MalformedDnsMessageException(string message, int offset) : Exception(message)
{
    public int Offset { get; } = offset;
}
