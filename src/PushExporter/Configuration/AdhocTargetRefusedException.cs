namespace PushExporter.Configuration;

/// <summary>
/// An ad hoc target that <see cref="AdhocPolicy"/> does not allow: thrown before any connection,
/// it ends the probe without a result, and <c>/probe</c> answers 403 with its message.
/// </summary>
internal sealed class AdhocTargetRefusedException(string message) : Exception(message);
