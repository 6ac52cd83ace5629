namespace PushExporter.Probing;

/// <summary>The timed steps of one probe, in the order they run (PRODUCT.md, "The probe").</summary>
internal enum ProbePhase
{
    Config,
    Dns,
    Connect,
    Tls,
    Sip,
}
