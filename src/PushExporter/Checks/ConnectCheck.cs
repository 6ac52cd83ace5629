using System.Net;
using PushExporter.Configuration;
using PushExporter.Probing;
using PushExporter.Sip.Transport;

namespace PushExporter.Checks;

/// <summary>
/// Step 3, <c>connect</c>: a TCP connection (or a connected UDP socket) to the Edge, trying
/// each address in turn. Refused or unreachable on every address → <c>connect_failed</c>.
/// </summary>
internal sealed class ConnectCheck : IProbeCheck
{
    public ProbePhase Phase => ProbePhase.Connect;

    public bool Applies(ProbeContext context) => true;

    public async Task<ProbeFailure?> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var transport = ToKind(context.Target.Transport);
        var errors = new List<string>();
        foreach (var address in context.EdgeAddresses)
        {
            var remote = new IPEndPoint(address, context.Target.Port);
            try
            {
                context.Socket = await SipConnector.ConnectAsync(remote, transport, context.Trace, cancellationToken).ConfigureAwait(false);
                context.Pass(ProbeChecks.EdgeConnect);
                if (transport != SipTransportKind.Tls)
                {
                    context.Connection = SipConnector.OverSocket(context.Socket);
                }

                return null;
            }
            catch (SipTransportException exception)
            {
                errors.Add(exception.Message);
            }
        }

        return context.Fail(
            ProbeChecks.EdgeConnect,
            FailureReasons.ConnectFailed,
            errors.Count == 0 ? "no address to connect to" : errors[^1],
            string.Join("; ", errors));
    }

    public static SipTransportKind ToKind(SipTransport transport) => transport switch
    {
        SipTransport.Udp => SipTransportKind.Udp,
        SipTransport.Tcp => SipTransportKind.Tcp,
        _ => SipTransportKind.Tls,
    };
}
