namespace PushExporter.Sip.Message;

/// <summary>One header field as it appears in a message: its canonical name and its trimmed, unfolded value.</summary>
/// <param name="Name">The canonical long form of the name (compact forms are expanded).</param>
/// <param name="Value">The value with leading and trailing whitespace removed and folding replaced by one space.</param>
public readonly record struct SipHeader(string Name, string Value);
