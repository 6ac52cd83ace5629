namespace PushExporter.Sip.Resolution;

/// <summary>What one answer section holds for the question.</summary>
/// <param name="Records">The records of the asked type, in message order, at most the limit given.</param>
/// <param name="Capped">True when the section had more of them than the limit and reading stopped there.</param>
/// <param name="Skipped">Records of another name, type or class, not used.</param>
/// <param name="Aliases">CNAME records followed from the question's name.</param>
internal sealed record DnsAnswerRecords<T>(List<T> Records, bool Capped, int Skipped, int Aliases);
