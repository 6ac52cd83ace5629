namespace PushExporter.Testing;

/// <summary>One DNS message <see cref="HostileDnsServer"/> sends back, and from where.</summary>
/// <param name="Message">The message, sent as is (over TCP with its two-byte length in front).</param>
/// <param name="FromAnotherPort">UDP only: sent from a second socket on another port of 127.0.0.1, as a spoofer would.</param>
public readonly record struct DnsReply(byte[] Message, bool FromAnotherPort = false);
