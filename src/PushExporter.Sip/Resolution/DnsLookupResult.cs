namespace PushExporter.Sip.Resolution;

/// <summary>The outcome of one DNS lookup, with its evidence.</summary>
/// <typeparam name="T">The kind of record: <see cref="SrvTarget"/> or <see cref="System.Net.IPAddress"/>.</typeparam>
/// <param name="Status">How the lookup ended.</param>
/// <param name="Records">The records, in the order to try them; empty unless <see cref="DnsLookupStatus.Success"/>.</param>
/// <param name="Duration">Time spent asking, retries included.</param>
/// <param name="NameServer">The server that answered (or that was asked, on timeout); null when no query was needed.</param>
/// <param name="Error">What went wrong, in words, when the status is not a success.</param>
public sealed record DnsLookupResult<T>(DnsLookupStatus Status, IReadOnlyList<T> Records, TimeSpan Duration, string? NameServer, string? Error);
