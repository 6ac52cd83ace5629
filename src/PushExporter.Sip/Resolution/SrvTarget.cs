namespace PushExporter.Sip.Resolution;

/// <summary>One SRV record's target (RFC 2782).</summary>
/// <param name="Target">The host name, without the trailing dot.</param>
/// <param name="Port">The port on that host.</param>
/// <param name="Priority">Lower is tried first.</param>
/// <param name="Weight">Relative share among records of the same priority; 0 means "only if nothing else".</param>
public sealed record SrvTarget(string Target, int Port, int Priority, int Weight);
