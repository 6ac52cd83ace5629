using System.Net.Sockets;

namespace PushExporter.Sip.Transport;

/// <summary>Maps socket failures to the transport error kinds a probe classifies.</summary>
internal static class SocketErrors
{
    public static SipTransportErrorKind Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => SipTransportErrorKind.Refused,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostNotFound
            or SocketError.NetworkDown or SocketError.AddressNotAvailable => SipTransportErrorKind.Unreachable,
        SocketError.TimedOut => SipTransportErrorKind.ConnectTimeout,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown
            or SocketError.NotConnected => SipTransportErrorKind.ConnectionLost,
        _ => SipTransportErrorKind.Other,
    };

    public static SipTransportException Wrap(SocketException exception, string what) =>
        new(Classify(exception.SocketErrorCode), $"{what}: {exception.Message} ({exception.SocketErrorCode})", exception);

    /// <summary>Finds the socket error inside the IOException a stream throws.</summary>
    public static SipTransportException Wrap(IOException exception, string what) =>
        exception.InnerException is SocketException socket
            ? Wrap(socket, what)
            : new SipTransportException(SipTransportErrorKind.ConnectionLost, $"{what}: {exception.Message}", exception);
}
