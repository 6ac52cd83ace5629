namespace PushExporter.Sip.Message;

/// <summary>A parse failure: its kind and a message naming the limit or the offending line.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Message">For people and traces, e.g. <c>header line exceeds the 8192-byte limit</c>.</param>
public sealed record SipParseError(SipParseErrorKind Kind, string Message);
