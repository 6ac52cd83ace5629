using System.Net.Sockets;
using System.Text;

namespace PushExporter.Testing;

/// <summary>Reading a SIP request's header section off a stream socket, for the scripted peers of the tests.</summary>
public static class SocketHeaders
{
    /// <summary>What arrives until the blank line that ends the headers, or until the peer closes.</summary>
    public static async Task<string> ReadAsync(Socket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
