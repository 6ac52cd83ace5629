namespace PushExporter.Sip.Resolution;

/// <summary>One question's exchange with the name servers.</summary>
/// <param name="Outcome">Answered, or why not.</param>
/// <param name="Received">The answer when <see cref="DnsExchangeOutcome.Answered"/>.</param>
/// <param name="Server">The server that answered, or the last one asked.</param>
/// <param name="Failure">Why there is no answer, in words.</param>
internal sealed record DnsExchange(DnsExchangeOutcome Outcome, DnsReceived Received, string Server, string? Failure);
