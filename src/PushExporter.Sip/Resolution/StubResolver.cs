using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PushExporter.Sip.Resolution;

/// <summary>
/// A stub resolver (RFC 1123 §6.1.3.1) for one question at a time: asks each name server in
/// order, over UDP first, again over TCP when the answer is truncated (TC), every attempt on a
/// fresh socket with a fresh id and its own timeout; a silent server is asked again up to the
/// retries, a server that refuses the connection is skipped. No state is shared between
/// questions, so concurrent lookups never wait for each other.
/// </summary>
internal sealed class StubResolver(IReadOnlyList<IPEndPoint> servers, TimeSpan timeout, int retries, TimeProvider time)
{
    public string Servers { get; } = servers.Count == 0 ? "no name server" : string.Join(", ", servers.Select(s => s.ToString()));

    public async Task<DnsExchange> AskAsync(DnsQuestion question, DnsExchangeNotes notes, CancellationToken cancellationToken)
    {
        if (servers.Count == 0)
        {
            return new DnsExchange(DnsExchangeOutcome.Failed, default, Servers, "no name server is configured and the system lists none");
        }

        DnsExchange? last = null;
        for (var index = 0; index < servers.Count; index++)
        {
            var server = servers[index];
            for (var attempt = 1; attempt <= 1 + retries; attempt++)
            {
                last = await AttemptAsync(server, question, overTcp: false, notes, cancellationToken).ConfigureAwait(false);
                if (last.Received.Message is { } udpAnswer && DnsMessage.IsTruncated(udpAnswer))
                {
                    notes.Add($"{server} truncated its UDP answer (TC): asking again over TCP");
                    last = await AttemptAsync(server, question, overTcp: true, notes, cancellationToken).ConfigureAwait(false);
                    if (last.Received.Message is { } tcpAnswer && DnsMessage.IsTruncated(tcpAnswer))
                    {
                        return last with { Outcome = DnsExchangeOutcome.Failed, Failure = $"{server} truncated its answer over TCP too" };
                    }
                }

                if (last.Outcome != DnsExchangeOutcome.TimedOut || attempt == 1 + retries)
                {
                    break;
                }

                notes.Add($"{last.Failure} (attempt {attempt} of {1 + retries})");
            }

            if (last!.Outcome == DnsExchangeOutcome.Answered)
            {
                return last;
            }

            if (index < servers.Count - 1)
            {
                notes.Add($"{last.Failure}: asking the next server");
            }
        }

        return last!;
    }

    private async Task<DnsExchange> AttemptAsync(IPEndPoint server, DnsQuestion question, bool overTcp, DnsExchangeNotes notes, CancellationToken cancellationToken)
    {
        using var attemptTimeout = new CancellationTokenSource(timeout, time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
        var name = server.ToString();
        try
        {
            var received = overTcp
                ? await DnsTcpExchange.AskAsync(server, question, notes, attempt.Token).ConfigureAwait(false)
                : await DnsUdpExchange.AskAsync(server, question, notes, attempt.Token).ConfigureAwait(false);
            return received.Message is null
                ? new DnsExchange(DnsExchangeOutcome.Failed, received, name, received.Failure)
                : new DnsExchange(DnsExchangeOutcome.Answered, received, name, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DnsExchange(DnsExchangeOutcome.TimedOut, default, name, string.Create(CultureInfo.InvariantCulture, $"no answer from {name} over {(overTcp ? "TCP" : "UDP")} within {timeout.TotalSeconds:0.###} s"));
        }
        catch (SocketException e)
        {
            // Over UDP a refusal is the ICMP port unreachable a connected socket reports.
            return new DnsExchange(DnsExchangeOutcome.Failed, default, name, $"{(overTcp ? "TCP" : "UDP")} to {name}: {e.Message} ({e.SocketErrorCode})");
        }
    }
}
