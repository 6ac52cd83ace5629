namespace PushExporter.Configuration;

/// <summary>The <c>transport</c> key of a target.</summary>
internal enum SipTransport
{
    Tls,
    Tcp,
    Udp,
}
