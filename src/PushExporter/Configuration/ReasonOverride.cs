namespace PushExporter.Configuration;

/// <summary>
/// One entry of a module's <c>reason_overrides</c>: when the final response's status code
/// and/or ms-diagnostics code fall in the given ranges, classify it as <see cref="Reason"/>
/// (one of <see cref="Probing.FailureReasons.All"/>). When both are set, both must match.
/// </summary>
internal sealed record ReasonOverride(CodeRange? Status, CodeRange? MsDiagnostics, string Reason)
{
    public bool Matches(int status, int? msDiagnostics) =>
        (Status is null || Status.Value.Contains(status))
        && (MsDiagnostics is null || (msDiagnostics is { } code && MsDiagnostics.Value.Contains(code)));
}
