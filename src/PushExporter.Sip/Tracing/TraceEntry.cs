namespace PushExporter.Sip.Tracing;

/// <summary>One line of a probe trace.</summary>
/// <param name="Offset">Time since the probe started.</param>
/// <param name="Kind">What the line records.</param>
/// <param name="Text">The detail: a note, a DNS answer, or a whole SIP message.</param>
public sealed record TraceEntry(TimeSpan Offset, TraceEntryKind Kind, string Text);
