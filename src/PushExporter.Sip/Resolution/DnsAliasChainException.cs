namespace PushExporter.Sip.Resolution;

/// <summary>An answer whose CNAME chain is longer than <see cref="DnsAnswerSection.MaxAliases"/>, or loops.</summary>
internal sealed class DnsAliasChainException(string message) : Exception(message);
