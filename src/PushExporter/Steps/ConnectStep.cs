using System.Net;
using PushExporter.Configuration;
using PushExporter.Sip.Transport;
using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>
/// Step 3, <c>connect</c>: a TCP connection (or a connected UDP socket) to the Edge, trying
/// each address in turn. Refused or unreachable on every address → <c>connect_failed</c>. An ad
/// hoc target must first pass its <see cref="AdhocPolicy"/>.
/// </summary>
internal sealed class ConnectStep : IStep
{
    public ProbeStep Step => ProbeStep.Connect;

    public IReadOnlyList<string> Checks { get; } = [CheckLabels.EdgeConnect];

    public bool Applies(ProbeContext context) => true;

    public async Task<ProbeFailure?> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        // The last moment before anything reaches the target, and after its name is resolved: a name
        // that resolves to a refused address is refused like the address itself.
        context.Target.Adhoc?.Admit(context.Target.AccessEdgeFqdn, context.Target.Port, context.EdgeAddresses);
        var transport = context.Target.Transport;
        var errors = new List<string>();
        foreach (var address in context.EdgeAddresses)
        {
            var remote = new IPEndPoint(address, context.Target.Port);
            try
            {
                context.Socket = await SipConnector.ConnectAsync(remote, transport, context.Trace, cancellationToken).ConfigureAwait(false);
                context.Pass(CheckLabels.EdgeConnect);
                return null;
            }
            catch (SipTransportException exception)
            {
                errors.Add(exception.Message);
            }
        }

        return context.Fail(
            CheckLabels.EdgeConnect,
            FailureReasons.ConnectFailed,
            errors.Count == 0 ? "no address to connect to" : errors[^1],
            string.Join("; ", errors));
    }
}
