namespace PushExporter.Probing;

/// <summary>The <c>phase</c> label values.</summary>
internal static class ProbePhases
{
    public static IReadOnlyList<ProbePhase> All { get; } = [ProbePhase.Config, ProbePhase.Dns, ProbePhase.Connect, ProbePhase.Tls, ProbePhase.Sip];

    public static string Label(ProbePhase phase) => phase switch
    {
        ProbePhase.Config => "config",
        ProbePhase.Dns => "dns",
        ProbePhase.Connect => "connect",
        ProbePhase.Tls => "tls",
        ProbePhase.Sip => "sip",
        _ => throw new ArgumentOutOfRangeException(nameof(phase)),
    };
}
