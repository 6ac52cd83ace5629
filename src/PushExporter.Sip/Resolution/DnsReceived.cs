namespace PushExporter.Sip.Resolution;

/// <summary>What one exchange with one name server over one transport brought: the answer, or why none came.</summary>
/// <param name="Message">The message that answers the question (id and question match), or null.</param>
/// <param name="AnswersStart">Where its answer section begins.</param>
/// <param name="Failure">Why there is no message, when the server did something other than stay silent.</param>
internal readonly record struct DnsReceived(byte[]? Message, int AnswersStart, string? Failure)
{
    public static DnsReceived Failed(string failure) => new(null, 0, failure);
}
