using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using PushExporter.Sip.Resolution;
using PushExporter.Sip.Tracing;
using PushExporter.Sip.Transport;
using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>
/// The optional check <c>external_tls</c> (target key <c>external_tls_check</c>), run after the
/// tls step and timed within its phase: TLS to <c>external_edge_fqdn:external_tls_port</c> as the
/// clearing house would see the Access Edge — the name resolved through the probe's resolvers,
/// only TLS 1.2 offered, SNI and the name check on <c>external_edge_fqdn</c>, the chain trusted
/// by the system's roots or <c>external_tls_ca_file</c>, and not expired. A chain that fails is
/// still recorded, so its earliest NotAfter is exported. The connection carries no SIP.
/// </summary>
internal sealed class ExternalTlsStep : IStep
{
    public ProbeStep Step => ProbeStep.Tls;

    public IReadOnlyList<string> Checks { get; } = [CheckLabels.ExternalTls];

    public bool Applies(ProbeContext context) => context.Target.ExternalTls is not null;

    public async Task<ProbeFailure?> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var external = context.Target.ExternalTls ?? throw new InvalidOperationException("external_tls_check is off");
        var name = context.Target.ExternalEdgeFqdn.TrimEnd('.');
        context.Trace.Add(TraceEntryKind.Note, $"external interface: TLS 1.2 to {name}:{external.Port}, trusting {external.CaFile ?? "the system's roots"}");

        var addresses = await context.Resolver.ResolveAddressesAsync(name, context.Trace, cancellationToken).ConfigureAwait(false);
        if (addresses.Status != DnsLookupStatus.Success || addresses.Records.Count == 0)
        {
            return context.Fail(
                CheckLabels.ExternalTls,
                FailureReasons.DnsError,
                $"the external Edge {name} does not resolve to an address ({addresses.Status}{(addresses.Error is null ? string.Empty : ": " + addresses.Error)})",
                $"A/AAAA {name} via {addresses.NameServer ?? "system resolver"}: {addresses.Status}",
                $"Publish an A record for {name}, the name the SRV record gives the clearing house: Resolve-DnsName {name}.",
                $"The name the clearing house uses for the Access Edge, {name}, does not resolve through the probe's resolvers (dns_servers, or the system's); if public DNS lacks it too, the clearing house cannot reach the Edge.");
        }

        var errors = new List<string>();
        foreach (var address in addresses.Records)
        {
            var remote = new IPEndPoint(address, external.Port);
            Socket socket;
            try
            {
                socket = await SipConnector.ConnectAsync(remote, SipTransportKind.Tcp, context.Trace, cancellationToken).ConfigureAwait(false);
            }
            catch (SipTransportException exception)
            {
                errors.Add(exception.Message);
                continue;
            }

            using (socket)
            {
                return await HandshakeAsync(context, socket, name, external.Port, external.CaFile, cancellationToken).ConfigureAwait(false);
            }
        }

        return context.Fail(
            CheckLabels.ExternalTls,
            FailureReasons.ConnectFailed,
            $"the external interface {name}:{external.Port} cannot be reached from the probe: {errors[^1]}",
            string.Join("; ", errors),
            $"Check that the Access Edge listens on {name}:{external.Port} and that the firewall lets the probe in; where the probe cannot reach the external interface (no route out and back in), run the check from a host that can, or switch external_tls_check off for this target.",
            $"The probe could not connect to the Access Edge's external interface {name}:{external.Port}. Likely it cannot be reached from where the probe runs (a firewall, or no route from inside to the external address); the alternative is that the Edge does not listen there, and then the clearing house cannot reach it either.");
    }

    private static async Task<ProbeFailure?> HandshakeAsync(ProbeContext context, Socket socket, string name, int port, string? caFile, CancellationToken cancellationToken)
    {
        // The clearing house requires TLS 1.2: offering nothing else shows whether the Edge accepts it.
        var options = new TlsClientOptions { ServerName = name, CaFile = caFile, Protocols = SslProtocols.Tls12 };
        try
        {
            var (stream, session) = await TlsHandshake.AuthenticateAsync(socket, name, options, context.Trace, s => context.ExternalTls = s, cancellationToken).ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            context.ExternalTls = session;
            context.Pass(CheckLabels.ExternalTls);
            return null;
        }
        catch (SipTransportException exception)
        {
            var presented = context.ExternalTls?.PresentedChain ?? [];
            var chain = presented.Count > 0
                ? "presented chain: " + string.Join(" ← ", presented.Select(c => $"{c.Subject} (until {c.NotAfter:yyyy-MM-dd})"))
                : "no certificate presented";
            var meaning = presented.Count > 0
                ? "The Access Edge's external interface, as the clearing house would see it, presents a certificate that fails the checks the clearing house would make (trust, name, expiry). Likely (inferred, not confirmed) the clearing house then cannot validate the Edge and push notifications fail; the alternative is that the clearing house does not check this certificate, and only federation partners are affected."
                : "The Access Edge's external interface did not complete a TLS 1.2 handshake, the version Microsoft's services require. Likely (inferred, not confirmed) the clearing house then cannot reach the Edge over TLS; the alternative is something between this probe and the interface that ends the handshake, not the Edge.";

            // Without a certificate the handshake's own error says why (e.g. no TLS 1.2), not the validation.
            var error = presented.Count > 0 ? exception.Message : $"no TLS 1.2 handshake with {name}: {Messages(exception.InnerException ?? exception)}";
            return context.Fail(
                CheckLabels.ExternalTls,
                FailureReasons.TlsFailed,
                $"the external interface {name}:{port} (TLS 1.2 only): {error}",
                chain,
                $"Give the Access Edge's external interface a certificate from a public CA that names {name} (subject or subject alternative name) and is not expired, with TLS 1.2 enabled: Get-CsCertificate -Type AccessEdgeExternal shows the one assigned; after renewing, Set-CsCertificate -Type AccessEdgeExternal -Thumbprint <thumbprint>.",
                meaning);
        }
    }

    private static string Messages(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(" — ", messages.Distinct());
    }
}
