using System.Text.RegularExpressions;

namespace PushExporter.Classification;

/// <summary>
/// One row of the classification table, or one of a module's <c>reason_overrides</c> turned
/// into a row at load time: a final response whose status code, ms-diagnostics code and
/// reason phrase all match (an absent condition matches anything) gets <see cref="Reason"/>.
/// </summary>
internal sealed record ResponseRule(string Name, CodeRange? Status, CodeRange? MsDiagnostics, Regex? Phrase, string Reason)
{
    /// <summary>A module's <c>reason_overrides</c> entry: status and/or ms-diagnostics, no phrase.</summary>
    public static ResponseRule Override(CodeRange? status, CodeRange? msDiagnostics, string reason) =>
        new($"module override (status {status?.ToString() ?? "any"}, ms-diagnostics {msDiagnostics?.ToString() ?? "any"})", status, msDiagnostics, null, reason);

    public bool Matches(int status, int? msDiagnostics, string reasonPhrase) =>
        (Status is null || Status.Value.Contains(status))
        && (MsDiagnostics is null || (msDiagnostics is { } code && MsDiagnostics.Value.Contains(code)))
        && (Phrase is null || Phrase.IsMatch(reasonPhrase));
}
