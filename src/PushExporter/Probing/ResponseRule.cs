using System.Text.RegularExpressions;
using PushExporter.Configuration;

namespace PushExporter.Probing;

/// <summary>
/// One row of the classification table: a final response whose status code, ms-diagnostics
/// code and reason phrase all match (an absent condition matches anything) gets <see cref="Reason"/>.
/// </summary>
internal sealed record ResponseRule(string Name, CodeRange? Status, CodeRange? MsDiagnostics, Regex? Phrase, string Reason)
{
    public bool Matches(int status, int? msDiagnostics, string reasonPhrase) =>
        (Status is null || Status.Value.Contains(status))
        && (MsDiagnostics is null || (msDiagnostics is { } code && MsDiagnostics.Value.Contains(code)))
        && (Phrase is null || Phrase.IsMatch(reasonPhrase));
}
