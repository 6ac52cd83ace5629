namespace PushExporter.Sip.Resolution;

/// <summary>How one question to the name servers ended.</summary>
internal enum DnsExchangeOutcome
{
    Answered,
    TimedOut,
    Failed,
}
