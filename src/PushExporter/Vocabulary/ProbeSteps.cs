namespace PushExporter.Vocabulary;

/// <summary>The steps in probe order, and their <c>phase</c> label values.</summary>
internal static class ProbeSteps
{
    public static IReadOnlyList<ProbeStep> All { get; } = [ProbeStep.Config, ProbeStep.Dns, ProbeStep.Connect, ProbeStep.Tls, ProbeStep.Sip];

    public static string Label(ProbeStep step) => step switch
    {
        ProbeStep.Config => "config",
        ProbeStep.Dns => "dns",
        ProbeStep.Connect => "connect",
        ProbeStep.Tls => "tls",
        ProbeStep.Sip => "sip",
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };
}
