using PushExporter.Sip.Message;

namespace PushExporter.Sip.Transport;

/// <summary>
/// One thing read from a connection: a parsed message, or the parse error that ended the
/// stream. <see cref="Raw"/> holds the bytes as received, for the trace.
/// </summary>
/// <param name="Message">The message, when the bytes parsed.</param>
/// <param name="Error">Why the bytes did not parse.</param>
/// <param name="Raw">The bytes as received.</param>
/// <param name="ReceivedAt">
/// When the bytes arrived, on the connection's timeline (time since it was opened), stamped on
/// receipt before parsing: for a stream, when the read that brought the message's last byte returned.
/// </param>
/// <param name="LastSentAt">
/// When the connection last handed bytes to its socket before these bytes arrived, on the same
/// timeline (stamped just before the socket call); null when it had sent nothing.
/// </param>
public readonly record struct SipReceiveResult(SipMessage? Message, SipParseError? Error, ReadOnlyMemory<byte> Raw, TimeSpan ReceivedAt, TimeSpan? LastSentAt);
