using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>Why a probe failed: the reason label, the check that failed, and what it saw.</summary>
/// <param name="Reason">One of <see cref="FailureReasons.All"/>.</param>
/// <param name="Check">One of <see cref="CheckLabels.All"/>.</param>
/// <param name="Error">One sentence: what went wrong.</param>
/// <param name="Evidence">What was observed (status line, ms-diagnostics, DNS answer), or null.</param>
/// <param name="Fix">The administrator's fix, with the target's names filled in.</param>
/// <param name="Meaning">What the failure means for push notifications, when the step knows more than the reason alone (which hop an ms-diagnostics code describes); null means <see cref="FailureAdvice.Meaning"/>.</param>
internal sealed record ProbeFailure(string Reason, string Check, string Error, string? Evidence, string Fix, string? Meaning = null);
