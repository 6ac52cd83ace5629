namespace PushExporter.Sip.Resolution;

/// <summary>Turns one record's data into a value; throws <see cref="MalformedDnsMessageException"/> when the data is not of its type's form.</summary>
internal delegate T DnsRecordReader<out T>(ReadOnlySpan<byte> message, int dataStart, int dataLength, int recordNumber);
