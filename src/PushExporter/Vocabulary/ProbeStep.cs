namespace PushExporter.Vocabulary;

/// <summary>
/// The five steps of one probe, in the order they run (PRODUCT.md, "The probe"); each is
/// timed as the <c>phase</c> of the same name.
/// </summary>
internal enum ProbeStep
{
    Config,
    Dns,
    Connect,
    Tls,
    Sip,
}
