namespace PushExporter.Sip.Message;

/// <summary>The outcome of one parse attempt.</summary>
public enum SipParseStatus
{
    /// <summary>A whole message was parsed.</summary>
    Complete,

    /// <summary>More bytes are needed; nothing buffered exceeds a limit yet.</summary>
    Incomplete,

    /// <summary>The bytes are not a valid message or exceed a limit; the connection should be dropped.</summary>
    Error,
}
