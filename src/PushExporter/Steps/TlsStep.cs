using PushExporter.Sip.Transport;
using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>
/// Step 4, <c>tls</c> (TLS targets only): the handshake with SNI, the configured CA or the
/// system trust, and the optional client certificate. The presented chain — and so the
/// earliest NotAfter — is recorded even when the handshake fails.
/// </summary>
internal sealed class TlsStep : IStep
{
    public ProbeStep Step => ProbeStep.Tls;

    public IReadOnlyList<string> Checks { get; } = [CheckLabels.EdgeTls];

    public bool Applies(ProbeContext context) => context.Target.Transport == SipTransportKind.Tls;

    public async Task<ProbeFailure?> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var socket = context.Socket ?? throw new InvalidOperationException("TLS runs after connect");
        var tls = context.Target.Tls;
        var options = new TlsClientOptions
        {
            ServerName = tls?.ServerName,
            CaFile = tls?.CaFile,
            ClientCertificateFile = tls?.ClientCertificateFile,
            ClientKeyFile = tls?.ClientKeyFile,
            InsecureSkipVerify = tls?.InsecureSkipVerify ?? false,
        };

        try
        {
            var (stream, session) = await TlsHandshake.AuthenticateAsync(socket, context.Target.AccessEdgeFqdn, options, context.Trace, s => context.Tls = s, cancellationToken).ConfigureAwait(false);
            context.Tls = session;
            context.Connection = SipConnector.OverTls(stream, socket);
            context.Socket = null;
            context.Pass(CheckLabels.EdgeTls);
            return null;
        }
        catch (SipTransportException exception)
        {
            var chain = context.Tls?.PresentedChain is { Count: > 0 } presented
                ? "presented chain: " + string.Join(" ← ", presented.Select(c => $"{c.Subject} (until {c.NotAfter:yyyy-MM-dd})"))
                : "no certificate presented";
            return context.Fail(CheckLabels.EdgeTls, FailureReasons.TlsFailed, exception.Message, chain);
        }
    }
}
