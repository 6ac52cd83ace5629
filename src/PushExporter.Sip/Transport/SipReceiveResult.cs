using PushExporter.Sip.Message;

namespace PushExporter.Sip.Transport;

/// <summary>
/// One thing read from a connection: a parsed message, or the parse error that ended the
/// stream. <see cref="Raw"/> holds the bytes as received, for the trace.
/// </summary>
public readonly record struct SipReceiveResult(SipMessage? Message, SipParseError? Error, ReadOnlyMemory<byte> Raw);
